package dev.parley.store;

import dev.parley.core.deadletter.Failure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An error history as one JSON column (a dead letter's {@code failures}, a batch item's): an array of {@code attempt,
 * provider, upstream_model, status, error_class, message}.
 */
final class FailuresJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FailuresJson() {
    }

    static String write(List<Failure> failures) {
        ArrayNode array = JSON.createArrayNode();
        for (Failure f : failures) {
            ObjectNode o = array.addObject();
            o.put("attempt", f.attempt());
            f.provider().ifPresent(p -> o.put("provider", p));
            f.upstreamModel().ifPresent(m -> o.put("upstream_model", m));
            f.status().ifPresent(s -> o.put("status", s));
            o.put("error_class", f.errorClass());
            o.put("message", f.message());
        }
        return JSON.writeValueAsString(array);
    }

    static List<Failure> read(String json) {
        List<Failure> failures = new ArrayList<>();
        for (JsonNode o : JSON.readTree(json)) {
            failures.add(new Failure(o.get("attempt").asInt(), text(o, "provider"), text(o, "upstream_model"),
                    o.has("status") ? OptionalInt.of(o.get("status").asInt()) : OptionalInt.empty(),
                    o.get("error_class").asString(), o.get("message").asString()));
        }
        return failures;
    }

    private static Optional<String> text(JsonNode o, String name) {
        return o.has(name) ? Optional.of(o.get(name).asString()) : Optional.empty();
    }
}
