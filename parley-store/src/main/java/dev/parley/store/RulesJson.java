package dev.parley.store;

import dev.parley.core.tenancy.AccessRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code rules} column of teams, projects and keys: {@link AccessRules} as one JSON object (see migration V5).
 * JSON escapes every control character, NUL included, so any rule text is stored as it was given.
 */
final class RulesJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RulesJson() {}

    static String write(AccessRules rules) {
        ObjectNode o = JSON.createObjectNode();
        strings(o.putArray("models"), rules.models());
        strings(o.putArray("providers"), rules.providers());
        strings(o.putArray("regions"), rules.regions());
        rules.maxTokensPerRequest().ifPresent(max -> o.put("max_tokens_per_request", max));
        rules.logBodies().ifPresent(log -> o.put("log_bodies", log));
        return JSON.writeValueAsString(o);
    }

    static AccessRules read(String json) {
        JsonNode o;
        try {
            o = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalStateException("unreadable access rules in the database", e);
        }
        JsonNode max = o.path("max_tokens_per_request");
        JsonNode log = o.path("log_bodies");
        return new AccessRules(strings(o.path("models")), strings(o.path("providers")), strings(o.path("regions")),
                max.isNumber() ? OptionalInt.of(max.asInt()) : OptionalInt.empty(),
                log.isBoolean() ? Optional.of(log.asBoolean()) : Optional.empty());
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }
}
