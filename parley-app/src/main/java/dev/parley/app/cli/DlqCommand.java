package dev.parley.app.cli;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code parley dlq list|show|replay|discard}: the dead-letter queue, through {@code /admin/dead-letters}: work that
 * still failed after every retry and fallback, listed, inspected with its error history, replayed once, discarded.
 */
@Command(name = "dlq", description = "List, inspect, replay (once) and discard dead letters: failed batch items.",
        subcommands = {DlqCommand.ListLetters.class, DlqCommand.Show.class, DlqCommand.Replay.class,
            DlqCommand.Discard.class})
public final class DlqCommand {

    static final Table TABLE = Table.of("ID=id", "SOURCE=source", "SOURCE_ID=source_id", "ITEM=item_id",
            "KEY=key_name", "STATE=state", "TRIES=tries", "LAST_ERROR=last_error", "FAILED=failed_at");
    static final Table FAILURES = Table.of("ATTEMPT=attempt", "PROVIDER=provider", "MODEL=upstream_model",
            "STATUS=status", "ERROR=error_class", "MESSAGE=message");
    static final Table REPLAY = Table.of("ID=id", "STATE=state", "STATUS=status", "REQUEST=request_id", "BY=by",
            "AT=at");

    private DlqCommand() {
    }

    /** A letter as a table row: its number of tries and last error class added. */
    static JsonNode row(JsonNode letter) {
        ObjectNode row = AdminClient.object();
        letter.properties().forEach(e -> row.set(e.getKey(), e.getValue()));
        JsonNode failures = letter.path("failures");
        row.put("tries", failures.size());
        row.put("last_error", failures.isEmpty() ? "-" : failures.get(failures.size() - 1).path("error_class")
                .asString());
        return row;
    }

    @Command(name = "list", description = "List the dead letters you may see.")
    static final class ListLetters extends AdminCommand {
        @Option(names = "--source-id", paramLabel = "ID", description = "Only this batch's.")
        Optional<String> sourceId;

        @Option(names = "--state", paramLabel = "STATE", description = "dead, replaying or replayed.")
        Optional<String> state;

        @Option(names = "--team", paramLabel = "TEAM", description = "Only this team's.")
        Optional<String> team;

        @Override
        void run(AdminClient client) {
            list(client.all(Query.of("admin/dead-letters").with("source_id", sourceId).with("state", state)
                    .with("team", team).toString()).stream().map(DlqCommand::row).toList(), TABLE);
        }
    }

    @Command(name = "show", description = "Show a dead letter: its request and every failed try.")
    static final class Show extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "The dead letter's id.")
        String id;

        @Override
        void run(AdminClient client) {
            JsonNode letter = client.get("admin/dead-letters/" + Query.segment(id));
            if (options.json) {
                show(letter, TABLE);
                return;
            }
            TABLE.print(out(), List.of(row(letter)));
            out().println();
            out().println("Request to " + letter.path("endpoint").asString() + ": " + letter.path("request"));
            out().println();
            FAILURES.print(out(), letter.path("failures").valueStream().toList());
        }
    }

    @Command(name = "replay", description = "Run a dead letter again, once, as its key; shows the outcome.")
    static final class Replay extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "The dead letter's id.")
        String id;

        @Override
        void run(AdminClient client) {
            JsonNode letter = client.post("admin/dead-letters/" + Query.segment(id) + "/replay", AdminClient.object());
            if (options.json) {
                show(letter, REPLAY);
                return;
            }
            ObjectNode row = AdminClient.object();
            row.put("id", letter.path("id").asString());
            row.put("state", letter.path("state").asString());
            letter.path("replay").properties().forEach(e -> {
                if (!e.getKey().equals("response")) {
                    row.set(e.getKey(), e.getValue());
                }
            });
            REPLAY.print(out(), List.of(row));
        }
    }

    @Command(name = "discard", description = "Discard a dead letter (the audit log keeps it).")
    static final class Discard extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "The dead letter's id.")
        String id;

        @Override
        void run(AdminClient client) {
            client.delete("admin/dead-letters/" + Query.segment(id));
            done("Discarded dead letter " + id + ".");
        }
    }
}
