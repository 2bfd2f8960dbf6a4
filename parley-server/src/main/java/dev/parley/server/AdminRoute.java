package dev.parley.server;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every route of the admin API: its method and its path, where a {@code {name}} segment matches one path segment.
 * The table the dispatcher matches, the OpenAPI document ({@code /admin/openapi.json}) and the tests read; a
 * route added here must be given a handler ({@link AdminApi} switches over this enum) and a place in the document
 * (a test compares them).
 */
public enum AdminRoute {
    ME("GET", "/admin/me"),
    LIST_TEAMS("GET", "/admin/teams"),
    CREATE_TEAM("POST", "/admin/teams"),
    GET_TEAM("GET", "/admin/teams/{id}"),
    UPDATE_TEAM("PATCH", "/admin/teams/{id}"),
    DELETE_TEAM("DELETE", "/admin/teams/{id}"),
    LIST_TEAM_MEMBERS("GET", "/admin/teams/{id}/members"),
    PUT_MEMBERSHIP("PUT", "/admin/teams/{id}/members/{member_id}"),
    DELETE_MEMBERSHIP("DELETE", "/admin/teams/{id}/members/{member_id}"),
    LIST_PROJECTS("GET", "/admin/projects"),
    CREATE_PROJECT("POST", "/admin/projects"),
    GET_PROJECT("GET", "/admin/projects/{id}"),
    UPDATE_PROJECT("PATCH", "/admin/projects/{id}"),
    DELETE_PROJECT("DELETE", "/admin/projects/{id}"),
    LIST_MEMBERS("GET", "/admin/members"),
    CREATE_MEMBER("POST", "/admin/members"),
    GET_MEMBER("GET", "/admin/members/{id}"),
    UPDATE_MEMBER("PATCH", "/admin/members/{id}"),
    DELETE_MEMBER("DELETE", "/admin/members/{id}"),
    LIST_KEYS("GET", "/admin/keys"),
    CREATE_KEY("POST", "/admin/keys"),
    GET_KEY("GET", "/admin/keys/{id}"),
    UPDATE_KEY("PATCH", "/admin/keys/{id}"),
    REVOKE_KEY("POST", "/admin/keys/{id}/revoke"),
    ROTATE_KEY("POST", "/admin/keys/{id}/rotate"),
    GET_LIMITS("GET", "/admin/limits/{scope_kind}/{scope_id}"),
    PUT_LIMITS("PUT", "/admin/limits/{scope_kind}/{scope_id}"),
    DELETE_LIMITS("DELETE", "/admin/limits/{scope_kind}/{scope_id}"),
    LIST_BUDGETS("GET", "/admin/budgets"),
    CREATE_BUDGET("POST", "/admin/budgets"),
    GET_BUDGET("GET", "/admin/budgets/{id}"),
    UPDATE_BUDGET("PATCH", "/admin/budgets/{id}"),
    DELETE_BUDGET("DELETE", "/admin/budgets/{id}"),
    OPEN_ACCOUNT("POST", "/admin/accounts"),
    GET_ACCOUNT("GET", "/admin/accounts/{scope_kind}/{scope_id}"),
    PLACE_ORDER("POST", "/admin/accounts/{scope_kind}/{scope_id}/orders"),
    LIST_ORDERS("GET", "/admin/accounts/{scope_kind}/{scope_id}/orders"),
    GET_STATEMENT("GET", "/admin/accounts/{scope_kind}/{scope_id}/statement"),
    LIST_AUDIT("GET", "/admin/audit"),
    EXPORT_AUDIT("GET", "/admin/audit/export"),
    VERIFY_AUDIT("GET", "/admin/audit/verify"),
    CHANNELS("GET", "/admin/channels"),
    CHANNEL_STATUS("GET", "/admin/channels/status"),
    DISABLE_CHANNEL("POST", "/admin/channels/disable"),
    ENABLE_CHANNEL("POST", "/admin/channels/enable"),
    TEST_CHANNEL("POST", "/admin/channels/test"),
    QUEUE("GET", "/admin/queue"),
    ALERTS("GET", "/admin/alerts"),
    USAGE_REPORT("GET", "/admin/usage/report"),
    USAGE_RECORDS("GET", "/admin/usage/records"),
    USAGE_RECORD("GET", "/admin/usage/records/{request_id}"),
    LIST_PROVIDERS("GET", "/admin/providers"),
    CREATE_PROVIDER("POST", "/admin/providers"),
    GET_PROVIDER("GET", "/admin/providers/{name}"),
    UPDATE_PROVIDER("PATCH", "/admin/providers/{name}"),
    DELETE_PROVIDER("DELETE", "/admin/providers/{name}"),
    LIST_MODELS("GET", "/admin/models"),
    CREATE_MODEL("POST", "/admin/models"),
    GET_MODEL("GET", "/admin/models/{name}"),
    PUT_MODEL("PUT", "/admin/models/{name}"),
    DELETE_MODEL("DELETE", "/admin/models/{name}"),
    GET_MARKUP("GET", "/admin/markups/{scope_kind}/{scope_id}"),
    PUT_MARKUP("PUT", "/admin/markups/{scope_kind}/{scope_id}"),
    DELETE_MARKUP("DELETE", "/admin/markups/{scope_kind}/{scope_id}"),
    LIST_PRICES("GET", "/admin/prices"),
    PUT_PRICE("PUT", "/admin/prices"),
    DELETE_PRICE("DELETE", "/admin/prices"),
    LIST_PRICE_VERSIONS("GET", "/admin/prices/versions"),
    GET_PRICE_VERSION("GET", "/admin/prices/versions/{version}"),
    LIST_DEAD_LETTERS("GET", "/admin/dead-letters"),
    GET_DEAD_LETTER("GET", "/admin/dead-letters/{id}"),
    REPLAY_DEAD_LETTER("POST", "/admin/dead-letters/{id}/replay"),
    DISCARD_DEAD_LETTER("DELETE", "/admin/dead-letters/{id}"),
    /** The Prometheus text exposition; also answered at {@code /metrics}, Prometheus' customary path. */
    METRICS("GET", "/admin/metrics"),
    /** The OpenAPI document: the one route that needs no key, since it describes routes and holds no data. */
    OPENAPI("GET", "/admin/openapi.json");

    private final String method;
    private final String pattern;
    private final List<String> segments;

    AdminRoute(String method, String pattern) {
        this.method = method;
        this.pattern = pattern;
        this.segments = List.of(pattern.substring(1).split("/"));
    }

    public String method() {
        return method;
    }

    /** The path, with {@code {name}} for a segment that is a parameter (as in OpenAPI). */
    public String pattern() {
        return pattern;
    }

    public boolean needsKey() {
        return this != OPENAPI;
    }

    /** Whether the route takes a JSON body. */
    boolean hasBody() {
        return switch (method) {
            case "POST", "PUT", "PATCH" -> true;
            default -> false;
        };
    }

    /** The path's parameters when {@code path} is this route's, by name. */
    Optional<Map<String, String>> match(String path) {
        if (!path.startsWith("/")) {
            return Optional.empty();
        }
        String[] parts = path.substring(1).split("/", -1);
        if (parts.length != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String segment = segments.get(i);
            if (segment.startsWith("{")) {
                if (parts[i].isEmpty()) {
                    return Optional.empty();
                }
                params.put(segment.substring(1, segment.length() - 1), parts[i]);
            } else if (!segment.equals(parts[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(Map.copyOf(params));
    }

    @Override
    public String toString() {
        return method + " " + pattern + " (" + name().toLowerCase(Locale.ROOT) + ")";
    }
}
