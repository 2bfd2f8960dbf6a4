package dev.parley.app.cli;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code parley balance show|open|top-up|adjust|orders|statement}: prepaid accounts of teams and members, through
 * {@code /admin/accounts}.
 */
@Command(name = "balance", description = "Prepaid accounts of teams and members: balances, top-ups, orders, statements.",
        subcommands = {BalanceCommand.Show.class, BalanceCommand.Open.class, BalanceCommand.TopUp.class,
            BalanceCommand.Adjust.class, BalanceCommand.Orders.class, BalanceCommand.StatementOf.class})
public final class BalanceCommand {

    static final Table ACCOUNT = Table.of("ACCOUNT=id", "SCOPE=scope_kind", "ID=scope_id", "CREDIT=credit",
            "CHARGED=charged", "RESERVED=reserved", "AVAILABLE=available");
    static final Table ORDER = Table.of("ORDER=id", "KIND=kind", "AMOUNT=amount", "REASON=reason",
            "REFERENCE=reference", "BY=actor", "CREATED=created_at");
    static final Table DAYS = Table.of("DAY=day", "CHARGED=charged", "REQUESTS=requests");
    static final Table MODELS = Table.of("MODEL=model", "CHARGED=charged", "REQUESTS=requests");

    private BalanceCommand() {
    }

    /** Whose account: {@code --team ID} or {@code --member ID}, exactly one. */
    static final class Holder {
        @Option(names = "--team", required = true, paramLabel = "TEAM", description = "The team's id.")
        String team;

        @Option(names = "--member", required = true, paramLabel = "MEMBER", description = "The member's id.")
        String member;

        String kind() {
            return team != null ? "team" : "member";
        }

        String id() {
            return team != null ? team : member;
        }

        String path() {
            return "admin/accounts/" + kind() + "/" + Query.segment(id());
        }
    }

    /** A command about one account. */
    abstract static class OfAccount extends AdminCommand {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Holder holder;
    }

    @Command(name = "show", description = "Show an account: credit, charged, reserved by requests in flight, available.")
    static final class Show extends OfAccount {
        @Override
        void run(AdminClient client) {
            show(client.get(holder.path()), ACCOUNT);
        }
    }

    @Command(name = "open", description = "Open the prepaid account of a team or member.")
    static final class Open extends OfAccount {
        @Option(names = "--alert-below", paramLabel = "DOLLARS",
                description = "Raise an alert when what is available falls below this.")
        Optional<String> alertBelow;

        @Override
        void run(AdminClient client) {
            ObjectNode body = AdminClient.object();
            body.put("scope_kind", holder.kind());
            body.put("scope_id", holder.id());
            alertBelow.ifPresent(a -> body.put("alert_below", a));
            show(client.post("admin/accounts", body), ACCOUNT);
        }
    }

    /** Places an order of one kind. */
    abstract static class Placing extends OfAccount {
        @Option(names = "--amount", required = true, paramLabel = "DOLLARS", description = "The amount, exact.")
        String amount;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, for the books.")
        String reason;

        @Option(names = "--reference", paramLabel = "REF",
                description = "Your reference (invoice, payment): the same order sent again is booked once.")
        Optional<String> reference;

        abstract String kind();

        @Override
        void run(AdminClient client) {
            ObjectNode body = AdminClient.object();
            body.put("kind", kind());
            body.put("amount", amount);
            body.put("reason", reason);
            reference.ifPresent(r -> body.put("reference", r));
            show(client.post(holder.path() + "/orders", body), ORDER);
        }
    }

    @Command(name = "top-up", description = "Add credit to an account.")
    static final class TopUp extends Placing {
        @Override
        String kind() {
            return "top_up";
        }
    }

    @Command(name = "adjust", description = "Correct an account's credit by a signed amount (e.g. --amount=-5).")
    static final class Adjust extends Placing {
        @Override
        String kind() {
            return "adjustment";
        }
    }

    @Command(name = "orders", description = "List an account's orders.")
    static final class Orders extends OfAccount {
        @Override
        void run(AdminClient client) {
            list(client.all(holder.path() + "/orders"), ORDER);
        }
    }

    @Command(name = "statement", description = "An account's statement for a UTC month, or from a day to another.")
    static final class StatementOf extends OfAccount {
        @Option(names = "--period", paramLabel = "YYYY-MM", description = "A UTC month, such as 2026-11.")
        Optional<String> period;

        @Option(names = "--since", paramLabel = "YYYY-MM-DD", description = "The first day, without --period.")
        Optional<String> since;

        @Option(names = "--until", paramLabel = "YYYY-MM-DD", description = "The day after the last (tomorrow).")
        Optional<String> until;

        @Override
        void run(AdminClient client) {
            JsonNode statement = client.get(Query.of(holder.path() + "/statement").with("period", period)
                    .with("since", since).with("until", until).toString());
            if (options.json) {
                out().println(statement.toString());
                out().flush();
                return;
            }
            out().println("Account  " + statement.at("/account/id").asString() + " (" + statement.at(
                    "/account/scope_kind").asString() + " " + statement.at("/account/scope_id").asString() + ")");
            out().println("Period   " + statement.path("since").asString() + " to " + statement.path("until")
                    .asString() + " (excluded)");
            out().println("Opening  " + statement.path("opening").asString());
            out().println("Ordered  " + statement.path("ordered").asString());
            out().println("Charged  " + statement.path("charged").asString() + " (" + statement.path("requests")
                    .asLong() + " requests)");
            out().println("Closing  " + statement.path("closing").asString());
            section(statement, "orders", ORDER);
            section(statement, "by_day", DAYS);
            section(statement, "by_model", MODELS);
        }

        private void section(JsonNode statement, String field, Table table) {
            List<JsonNode> rows = statement.path(field).valueStream().toList();
            if (!rows.isEmpty()) {
                out().println();
                table.print(out(), rows);
            }
        }
    }
}
