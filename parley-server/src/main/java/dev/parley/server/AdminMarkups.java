package dev.parley.server;

import dev.parley.core.config.PricingSettings;
import dev.parley.core.pricing.Markup;
import dev.parley.core.tenancy.Action;
import dev.parley.core.tenancy.MarkupRule;
import dev.parley.core.tenancy.Scope;
import dev.parley.core.tenancy.ScopeKind;
import dev.parley.core.tenancy.Target;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /admin/markups/{scope_kind}/{scope_id}}: the markup (a service fee) or discount charged on a team's,
 * project's or key's requests instead of the configuration's {@code markup_percent}. A price, so only organization
 * admins set it; whoever reads the scope's budgets reads it. It prices the requests admitted after the change.
 */
final class AdminMarkups {

    private AdminMarkups() {
    }

    static AdminReply get(AdminCall call) {
        Scope scope = scope(call);
        call.require(Action.READ, new Target.Markup(AdminScopes.readable(call, scope, "scope_id")));
        MarkupRule markup = call.store().markup(scope).orElseThrow(() -> AdminProblem.notFound("markup on", scope.toString()));
        return AdminReply.ok(AdminJson.markup(markup));
    }

    static AdminReply put(AdminCall call) {
        Scope scope = scope(call);
        call.require(Action.WRITE, new Target.Markup(AdminScopes.readable(call, scope, "scope_id")));
        AdminInput input = call.input(Set.of("percent"));
        Markup markup = new Markup(input.percent("percent", PricingSettings.MIN_MARKUP_PERCENT,
                PricingSettings.MAX_MARKUP_PERCENT).orElseThrow(() -> AdminProblem.invalid("percent", "required")));
        Optional<MarkupRule> before = call.store().markup(scope);
        MarkupRule after = call.store().putMarkup(new MarkupRule(scope, markup));
        call.changed("markup.put", scope.toString(), before.map(AdminJson::markup), Optional.of(AdminJson.markup(after)));
        return AdminReply.ok(AdminJson.markup(after));
    }

    static AdminReply delete(AdminCall call) {
        Scope scope = scope(call);
        call.require(Action.WRITE, new Target.Markup(AdminScopes.readable(call, scope, "scope_id")));
        MarkupRule before = call.store().markup(scope).orElseThrow(() -> AdminProblem.notFound("markup on", scope.toString()));
        if (!call.store().deleteMarkup(scope)) {
            throw AdminProblem.notFound("markup on", scope.toString());
        }
        call.changed("markup.delete", scope.toString(), Optional.of(AdminJson.markup(before)), Optional.empty());
        return AdminReply.noContent();
    }

    private static Scope scope(AdminCall call) {
        ScopeKind kind = AdminScopes.kind("scope_kind", call.param("scope_kind"), false);
        if (kind == ScopeKind.MEMBER) {
            throw AdminProblem.badRequest("scope_kind", "a markup is set on a team, a project or a key");
        }
        return new Scope(kind, call.param("scope_id"));
    }
}
