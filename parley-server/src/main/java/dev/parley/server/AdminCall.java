package dev.parley.server;

import dev.parley.core.tenancy.Action;
import dev.parley.core.tenancy.AuditEvent;
import dev.parley.core.tenancy.Authorization;
import dev.parley.core.tenancy.Decision;
import dev.parley.core.tenancy.PageRequest;
import dev.parley.core.tenancy.Principal;
import dev.parley.core.tenancy.Target;
import dev.parley.core.tenancy.TenancyStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * One admin request as its handler sees it, on a worker thread: who calls, the path's and the query's parameters,
 * the body, and the checks every handler makes through {@link Authorization}.
 */
final class AdminCall {

    final Principal principal;
    final Instant now;
    /** The client's address, for the audit log. */
    final String source;
    final AdminBackend backend;
    private final Map<String, String> params;
    private final Map<String, String> query;
    private final byte[] body;

    AdminCall(Principal principal, Instant now, String source, AdminBackend backend, Map<String, String> params,
              Map<String, String> query, byte[] body) {
        this.principal = principal;
        this.now = now;
        this.source = source;
        this.backend = backend;
        this.params = Map.copyOf(params);
        this.query = Map.copyOf(query);
        this.body = body.clone();
    }

    TenancyStore store() {
        return backend.store();
    }

    String param(String name) {
        String value = params.get(name);
        if (value == null) {
            throw new IllegalStateException("the route has no parameter " + name);
        }
        return value;
    }

    /** A query parameter; an empty one reads as absent. */
    Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    boolean flag(String name) {
        return query(name).map(v -> switch (v) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw AdminProblem.badRequest(name, "must be true or false");
        }).orElse(false);
    }

    /** {@code ?limit=&after=}: at most {@value PageRequest#MAX_LIMIT} items after an id, 100 by default. */
    PageRequest page() {
        int limit = query("limit").map(v -> {
            try {
                int n = Integer.parseInt(v);
                if (n >= 1 && n <= PageRequest.MAX_LIMIT) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw AdminProblem.badRequest("limit", "must be a whole number from 1 to " + PageRequest.MAX_LIMIT);
        }).orElse(PageRequest.FIRST.limit());
        return new PageRequest(limit, query("after"));
    }

    /** The body, when it is a JSON object whose fields are all among {@code known}. */
    AdminInput input(Set<String> known) {
        if (body.length == 0) {
            return AdminInput.of(AdminJson.object(), known);
        }
        return AdminInput.of(AdminJson.parse(body), known);
    }

    Decision decide(Action action, Target target) {
        return Authorization.decide(principal, action, target);
    }

    boolean may(Action action, Target target) {
        return decide(action, target).allowed();
    }

    /** Refuses with 403 unless the principal may; used once the target is known to be readable. */
    void require(Action action, Target target) {
        Decision decision = decide(action, target);
        if (!decision.allowed()) {
            throw AdminProblem.forbidden(decision);
        }
    }

    /**
     * The thing when it exists and the principal may read it; otherwise 404, the same for both, so that an id of
     * another team's thing cannot be told from one that never existed.
     */
    <T> T readable(Optional<T> found, Function<T, Target> target, String what, String id) {
        return found.filter(thing -> may(Action.READ, target.apply(thing)))
                .orElseThrow(() -> AdminProblem.notFound(what, id));
    }

    /** The same, for an id named in a field or query parameter. */
    <T> T readable(Optional<T> found, Function<T, Target> target, String field, String what, String id) {
        return found.filter(thing -> may(Action.READ, target.apply(thing)))
                .orElseThrow(() -> AdminProblem.notFound(field, what, id));
    }

    /** Records a change: reloads the request path's view and appends the audit entry. */
    void changed(String action, String target, Optional<JsonNode> before, Optional<JsonNode> after) {
        backend.changed(new AuditEvent(now, principal.actor(), action, Optional.of(target), source,
                before.map(JsonNode::toString), after.map(JsonNode::toString)));
    }
}
