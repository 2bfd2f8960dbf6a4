package dev.parley.server;

import dev.parley.core.tenancy.Account;
import dev.parley.core.tenancy.AccountStanding;
import dev.parley.core.tenancy.Action;
import dev.parley.core.tenancy.BalanceStore;
import dev.parley.core.tenancy.Order;
import dev.parley.core.tenancy.OrderKind;
import dev.parley.core.tenancy.OrderPlacement;
import dev.parley.core.tenancy.Scope;
import dev.parley.core.tenancy.ScopeKind;
import dev.parley.core.tenancy.Statement;
import dev.parley.core.tenancy.Target;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /admin/accounts}: prepaid accounts of teams and members, their orders (top-ups and adjustments, placed by
 * the organization's owner and admins only) and statements. An account is shown with its credit, what the ledger
 * charged it, what requests in flight hold of it now, and what is available.
 */
final class AdminAccounts {

    /** The longest statement, in days: a few years, so that a mistyped year is refused rather than read. */
    private static final int MAX_STATEMENT_DAYS = 3 * 366;

    private AdminAccounts() {
    }

    static AdminReply open(AdminCall call) {
        AdminInput input = call.input(Set.of("scope_kind", "scope_id", "alert_below"));
        Scope scope = new Scope(kind("scope_kind", input.requiredText("scope_kind"), true),
                input.requiredText("scope_id"));
        call.require(Action.WRITE, new Target.Account(AdminScopes.readable(call, scope, "scope_id")));
        Account opened = call.backend.balances().openAccount(new Account(call.backend.newId("acct"), scope, call.now,
                input.money("alert_below")));
        AccountStanding standing = call.backend.balances().standing(opened);
        call.changed("account.open", scope.toString(), Optional.empty(), Optional.of(AdminJson.account(opened)));
        return AdminReply.created(json(call, standing));
    }

    static AdminReply get(AdminCall call) {
        Account account = readable(call);
        return AdminReply.ok(json(call, call.backend.balances().standing(account)));
    }

    /** Books a top-up or an adjustment; the same order sent again (same reference) is answered, not booked twice. */
    static AdminReply placeOrder(AdminCall call) {
        Account account = readable(call);
        call.require(Action.WRITE, target(call, account.scope()));
        AdminInput input = call.input(Set.of("kind", "amount", "reason", "reference"));
        OrderKind kind = OrderKind.parse(input.requiredText("kind")).orElseThrow(() -> AdminProblem.invalid("kind",
                "must be top_up or adjustment"));
        BigDecimal amount = input.signedMoney("amount").orElseThrow(() -> AdminProblem.invalid("amount", "required"));
        switch (kind) {
            case TOP_UP -> check(amount.signum() > 0, "amount", "a top-up must be positive");
            case ADJUSTMENT -> check(amount.signum() != 0, "amount", "an adjustment cannot be zero");
        }
        Order wanted = new Order(call.backend.newId("ord"), account.id(), kind, amount, call.principal.actor(),
                input.requiredText("reason"), input.text("reference"), call.now);
        return switch (call.backend.balances().placeOrder(wanted)) {
            case OrderPlacement.Placed placed -> {
                call.changed("account.order", account.scope().toString(), Optional.empty(),
                        Optional.of(AdminJson.order(placed.order())));
                yield AdminReply.created(AdminJson.order(placed.order()));
            }
            case OrderPlacement.AlreadyPlaced before -> AdminReply.ok(AdminJson.order(before.order()));
        };
    }

    static AdminReply orders(AdminCall call) {
        Account account = readable(call);
        return AdminReply.ok(AdminJson.page(call.backend.balances().orders(account.id(), call.page()),
                AdminJson::order));
    }

    /** {@code ?period=2026-11} (a UTC month), or {@code ?since=2026-11-01&until=2026-11-15} (days, until excluded). */
    static AdminReply statement(AdminCall call) {
        Account account = readable(call);
        Optional<String> period = call.query("period");
        LocalDate since;
        LocalDate until;
        if (period.isPresent()) {
            if (call.query("since").isPresent() || call.query("until").isPresent()) {
                throw AdminProblem.badRequest("period", "give a period, or since and until, not both");
            }
            YearMonth month = month(period.get());
            since = month.atDay(1);
            until = month.plusMonths(1).atDay(1);
        } else {
            since = day(call, "since").orElseThrow(() -> AdminProblem.badRequest("period",
                    "give a period (2026-11) or since (2026-11-01) and, optionally, until"));
            until = day(call, "until").orElse(LocalDate.ofInstant(call.now, ZoneOffset.UTC).plusDays(1));
        }
        if (!until.isAfter(since) || since.plusDays(MAX_STATEMENT_DAYS).isBefore(until)) {
            throw AdminProblem.badRequest("until", "must be after since, and at most " + MAX_STATEMENT_DAYS
                    + " days after it");
        }
        Statement statement = call.backend.balances().statement(account, since, until);
        return AdminReply.ok(AdminJson.statement(statement));
    }

    private static ObjectNode json(AdminCall call, AccountStanding standing) {
        BigDecimal held = call.backend.admission().held(standing.account(), standing.credit());
        return AdminJson.account(standing, held);
    }

    /** The account named by the path, when its team or member may be read and has one: 404 otherwise. */
    private static Account readable(AdminCall call) {
        Scope scope = new Scope(kind("scope_kind", call.param("scope_kind"), false), call.param("scope_id"));
        call.require(Action.READ, target(call, scope));
        BalanceStore balances = call.backend.balances();
        return balances.account(scope).orElseThrow(() -> AdminProblem.notFound("account of", scope.toString()));
    }

    private static Target.Account target(AdminCall call, Scope scope) {
        return new Target.Account(AdminScopes.readable(call, scope, "scope_id"));
    }

    private static ScopeKind kind(String field, String text, boolean inBody) {
        ScopeKind kind = AdminScopes.kind(field, text, inBody);
        if (!Account.holdsAccount(kind)) {
            String reason = "must be team or member: only they have accounts";
            throw inBody ? AdminProblem.invalid(field, reason) : AdminProblem.badRequest(field, reason);
        }
        return kind;
    }

    private static void check(boolean condition, String field, String reason) {
        if (!condition) {
            throw AdminProblem.invalid(field, reason);
        }
    }

    private static YearMonth month(String text) {
        try {
            return YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw AdminProblem.badRequest("period", "must be a month such as 2026-11");
        }
    }

    private static Optional<LocalDate> day(AdminCall call, String name) {
        return call.query(name).map(text -> {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw AdminProblem.badRequest(name, "must be a day such as 2026-11-01");
            }
        });
    }
}
