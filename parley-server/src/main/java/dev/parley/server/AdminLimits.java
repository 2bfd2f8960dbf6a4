package dev.parley.server;

import dev.parley.core.tenancy.Action;
import dev.parley.core.tenancy.Limits;
import dev.parley.core.tenancy.Scope;
import dev.parley.core.tenancy.Target;
import java.util.Optional;
import java.util.Set;

/** {@code /admin/limits/{scope_kind}/{scope_id}}: the rate limits of one key, project, team or member. */
final class AdminLimits {

    private AdminLimits() {
    }

    static AdminReply get(AdminCall call) {
        Scope scope = scope(call);
        call.require(Action.READ, new Target.Limits(AdminScopes.readable(call, scope, "scope_id")));
        Limits limits = call.store().limits(scope).orElseThrow(() -> AdminProblem.notFound("limits on", scope.toString()));
        return AdminReply.ok(AdminJson.limits(limits));
    }

    /** Sets the scope's limits whole: a limit left out (or {@code null}) does not limit. */
    static AdminReply put(AdminCall call) {
        Scope scope = scope(call);
        call.require(Action.WRITE, new Target.Limits(AdminScopes.readable(call, scope, "scope_id")));
        AdminInput input = call.input(Set.of("rpm", "tpm", "concurrency"));
        Limits wanted = new Limits(scope, input.wholeInt("rpm", 1, Integer.MAX_VALUE),
                input.whole("tpm", 1, Long.MAX_VALUE), input.wholeInt("concurrency", 1, Integer.MAX_VALUE));
        Optional<Limits> before = call.store().limits(scope);
        Limits after = call.store().putLimits(wanted);
        call.changed("limits.put", scope.toString(), before.map(AdminJson::limits), Optional.of(AdminJson.limits(after)));
        return AdminReply.ok(AdminJson.limits(after));
    }

    static AdminReply delete(AdminCall call) {
        Scope scope = scope(call);
        call.require(Action.WRITE, new Target.Limits(AdminScopes.readable(call, scope, "scope_id")));
        Limits before = call.store().limits(scope).orElseThrow(() -> AdminProblem.notFound("limits on", scope.toString()));
        if (!call.store().deleteLimits(scope)) {
            throw AdminProblem.notFound("limits on", scope.toString());
        }
        call.changed("limits.delete", scope.toString(), Optional.of(AdminJson.limits(before)), Optional.empty());
        return AdminReply.noContent();
    }

    private static Scope scope(AdminCall call) {
        return new Scope(AdminScopes.kind("scope_kind", call.param("scope_kind"), false), call.param("scope_id"));
    }
}
