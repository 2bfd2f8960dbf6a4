package dev.parley.server;

import dev.parley.core.tenancy.Scope;
import dev.parley.core.tenancy.ScopeKind;
import dev.parley.core.tenancy.Target;

/** A scope named by a request (a team, project, member or key), checked to exist and to be readable. */
final class AdminScopes {

    private AdminScopes() {
    }

    static ScopeKind kind(String field, String text, boolean inBody) {
        return ScopeKind.parse(text).orElseThrow(() -> {
            String reason = "must be key, project, team or member";
            return inBody ? AdminProblem.invalid(field, reason) : AdminProblem.badRequest(field, reason);
        });
    }

    /** The scope's thing as a target; 404 naming {@code field} when it does not exist or may not be read. */
    static Target.Scoped readable(AdminCall call, Scope scope, String field) {
        return call.readable(AdminTargets.scope(call.store(), scope), t -> t, field, scope.kind().wire(), scope.id());
    }
}
