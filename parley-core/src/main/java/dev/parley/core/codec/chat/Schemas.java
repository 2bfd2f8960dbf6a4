package dev.parley.core.codec.chat;

import dev.parley.core.codec.Json;
import java.util.Locale;
import java.util.Set;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Schemas made acceptable to Chat upstreams (H7): OpenAI takes full JSON Schema, but Gemini clients write
 * upper-case OpenAPI types ({@code "STRING"}) and a function's root must be an object.
 */
final class Schemas {

    /** Keywords whose values are data, not schemas: a "type" inside them is not a type. */
    private static final Set<String> VALUES = Set.of("enum", "const", "default", "examples", "example");

    private Schemas() {
    }

    static JsonNode forChat(JsonNode schema) {
        if (!schema.isObject()) {
            return Json.parse(ToolReader.NO_PARAMETERS, "parameters");
        }
        ObjectNode copy = (ObjectNode) schema.deepCopy();
        lowerTypes(copy);
        if (!copy.has("type") && (copy.isEmpty() || copy.has("properties"))) {
            copy.put("type", "object");
        }
        if ("object".equals(copy.path("type").asString("")) && !copy.has("properties")) {
            copy.putObject("properties"); // some compatible servers refuse an object schema without properties
        }
        return copy;
    }

    private static void lowerTypes(JsonNode node) {
        if (node.isArray()) {
            node.forEach(Schemas::lowerTypes);
            return;
        }
        if (!node.isObject()) {
            return;
        }
        ObjectNode object = (ObjectNode) node;
        for (String key : List.copyOf(object.propertyNames())) {
            JsonNode value = object.get(key);
            if (key.equals("type") && value.isString()) {
                object.put(key, value.stringValue().toLowerCase(Locale.ROOT));
            } else if (key.equals("type") && value.isArray()) {
                ArrayNode lowered = Json.arrayNode();
                value.forEach(t -> lowered.add(t.isString() ? Json.stringNode(t.stringValue().toLowerCase(Locale.ROOT)) : t));
                object.set(key, lowered);
            } else if (key.equals("properties")) {
                value.forEach(Schemas::lowerTypes); // the values are schemas; the keys are property names
            } else if (!VALUES.contains(key)) {
                lowerTypes(value);
            }
        }
    }
}
