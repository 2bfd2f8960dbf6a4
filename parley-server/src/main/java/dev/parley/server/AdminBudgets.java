package dev.parley.server;

import dev.parley.core.tenancy.Action;
import dev.parley.core.tenancy.Budget;
import dev.parley.core.tenancy.BudgetPeriod;
import dev.parley.core.tenancy.Page;
import dev.parley.core.tenancy.Scope;
import dev.parley.core.tenancy.Target;
import dev.parley.core.tenancy.TenancyStore;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** {@code /admin/budgets}: dollar caps per key, project, team or member, per day, month or in total. */
final class AdminBudgets {

    private AdminBudgets() {
    }

    static AdminReply list(AdminCall call) {
        Optional<String> kind = call.query("scope_kind");
        Optional<String> id = call.query("scope_id");
        if (kind.isPresent() != id.isPresent()) {
            throw AdminProblem.badRequest(kind.isPresent() ? "scope_id" : "scope_kind",
                    "give scope_kind and scope_id together");
        }
        Optional<Scope> scope = kind.map(k -> new Scope(AdminScopes.kind("scope_kind", k, false), id.get()));
        scope.ifPresent(s -> AdminScopes.readable(call, s, "scope_id"));
        TenancyStore store = call.store();
        // Budgets of one scope share one answer: the scope is read once per page, not once per budget.
        Map<Scope, Optional<Target.Scoped>> scopes = new HashMap<>();
        Page<Budget> page = AdminPages.visible(p -> store.budgets(scope, p),
                budget -> scopes.computeIfAbsent(budget.scope(), s -> AdminTargets.scope(store, s))
                        .filter(t -> call.may(Action.READ, new Target.Budget(t))).isPresent(),
                Budget::id, call.page());
        return AdminReply.ok(AdminJson.page(page, AdminJson::budget));
    }

    static AdminReply create(AdminCall call) {
        AdminInput input = call.input(Set.of("scope_kind", "scope_id", "period", "amount", "alert_percent"));
        Scope scope = new Scope(AdminScopes.kind("scope_kind", input.requiredText("scope_kind"), true),
                input.requiredText("scope_id"));
        call.require(Action.WRITE, new Target.Budget(AdminScopes.readable(call, scope, "scope_id")));
        Budget created = call.store().createBudget(new Budget(call.backend.newId("bud"), scope,
                period(input).orElseThrow(() -> AdminProblem.invalid("period", "required")),
                input.money("amount").orElseThrow(() -> AdminProblem.invalid("amount", "required")),
                alertPercent(input)));
        call.changed("budget.create", created.id(), Optional.empty(), Optional.of(AdminJson.budget(created)));
        return AdminReply.created(AdminJson.budget(created));
    }

    static AdminReply get(AdminCall call) {
        return AdminReply.ok(AdminJson.budget(budget(call)));
    }

    /** Changes the amount, the period or the alert threshold; a budget's scope never changes. */
    static AdminReply update(AdminCall call) {
        Budget before = budget(call);
        call.require(Action.WRITE, target(call, before));
        AdminInput input = call.input(Set.of("period", "amount", "alert_percent"));
        BigDecimal amount = input.money("amount").orElse(before.amount());
        OptionalInt alert = input.has("alert_percent") ? alertPercent(input) : before.alertPercent();
        Budget updated = call.store().updateBudget(new Budget(before.id(), before.scope(),
                period(input).orElse(before.period()), amount, alert))
                .orElseThrow(() -> AdminProblem.notFound("budget", before.id()));
        call.changed("budget.update", updated.id(), Optional.of(AdminJson.budget(before)),
                Optional.of(AdminJson.budget(updated)));
        return AdminReply.ok(AdminJson.budget(updated));
    }

    static AdminReply delete(AdminCall call) {
        Budget before = budget(call);
        call.require(Action.WRITE, target(call, before));
        if (!call.store().deleteBudget(before.id())) {
            throw AdminProblem.notFound("budget", before.id());
        }
        call.changed("budget.delete", before.id(), Optional.of(AdminJson.budget(before)), Optional.empty());
        return AdminReply.noContent();
    }

    private static Optional<BudgetPeriod> period(AdminInput input) {
        return input.text("period").map(text -> BudgetPeriod.parse(text).orElseThrow(() -> AdminProblem.invalid(
                "period", "must be day, month or total")));
    }

    private static OptionalInt alertPercent(AdminInput input) {
        return input.wholeInt("alert_percent", 1, 100);
    }

    private static Budget budget(AdminCall call) {
        String id = call.param("id");
        TenancyStore store = call.store();
        return call.store().budget(id)
                .filter(b -> AdminTargets.scope(store, b.scope())
                        .filter(t -> call.may(Action.READ, new Target.Budget(t))).isPresent())
                .orElseThrow(() -> AdminProblem.notFound("budget", id));
    }

    private static Target.Budget target(AdminCall call, Budget budget) {
        return AdminTargets.scope(call.store(), budget.scope()).map(Target.Budget::new)
                .orElseThrow(() -> AdminProblem.notFound("budget", budget.id()));
    }
}
