package dev.parley.core.codec.gemini;

import dev.parley.core.codec.Json;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tool and response schemas between Gemini and the JSON Schema the internal model keeps (H7). Gemini clients may
 * send the OpenAPI subset ({@code "type":"STRING"}, {@code nullable}) even inside {@code parametersJsonSchema};
 * other protocols need plain JSON Schema, so inbound schemas are normalized once here.
 */
final class Schemas {

    /** Keywords whose value is a map of sub-schemas. */
    private static final String[] SCHEMA_MAPS = {"properties", "$defs", "definitions", "patternProperties"};
    /** Keywords whose value is a list of sub-schemas. */
    private static final String[] SCHEMA_LISTS = {"anyOf", "oneOf", "allOf", "prefixItems"};
    /** Keywords whose value is one sub-schema. */
    private static final String[] SCHEMA_SINGLES = {"additionalProperties", "not", "items", "contains"};

    private Schemas() {
    }

    /** A Gemini schema (OpenAPI subset or JSON Schema) as standard JSON Schema: lower-case types, no nullable. */
    static JsonNode toJsonSchema(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        normalize(copy);
        return copy;
    }

    private static void normalize(JsonNode node) {
        if (node.isArray()) {
            node.values().forEach(Schemas::normalize);
            return;
        }
        if (!(node instanceof ObjectNode schema)) {
            return;
        }
        lowerCaseType(schema);
        applyNullable(schema);
        for (String keyword : SCHEMA_MAPS) {
            JsonNode map = schema.get(keyword);
            if (map != null && map.isObject()) {
                map.values().forEach(Schemas::normalize);
            }
        }
        for (String keyword : SCHEMA_LISTS) {
            JsonNode list = schema.get(keyword);
            if (list != null && list.isArray()) {
                list.values().forEach(Schemas::normalize);
            }
        }
        for (String keyword : SCHEMA_SINGLES) {
            JsonNode single = schema.get(keyword);
            if (single != null) {
                normalize(single);
            }
        }
    }

    private static void lowerCaseType(ObjectNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return;
        }
        if (type.isString()) {
            schema.put("type", type.stringValue().toLowerCase(Locale.ROOT));
        } else if (type.isArray()) {
            ArrayNode lower = Json.arrayNode();
            type.values().forEach(t -> lower.add(t.isString() ? Json.stringNode(t.stringValue().toLowerCase(Locale.ROOT)) : t));
            schema.set("type", lower);
        }
    }

    /** OpenAPI {@code nullable: true} is JSON Schema's type array with {@code "null"}. */
    private static void applyNullable(ObjectNode schema) {
        JsonNode nullable = schema.remove("nullable");
        if (nullable == null || !nullable.asBoolean(false)) {
            return;
        }
        JsonNode type = schema.get("type");
        if (type != null && type.isString() && !"null".equals(type.stringValue())) {
            ArrayNode types = Json.arrayNode();
            types.add(type.stringValue());
            types.add("null");
            schema.set("type", types);
        }
    }

    /** A JSON Schema as Gemini's {@code parametersJsonSchema}/{@code responseJsonSchema} takes it. */
    static JsonNode forGemini(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        if (copy instanceof ObjectNode object) {
            // Gemini rejects the meta-schema marker that zod-generated schemas carry.
            object.remove("$schema");
        }
        return copy;
    }

    /**
     * Whether a tool's schema says "no arguments": Gemini rejects an object schema with empty properties in
     * some model versions, so such tools are declared without parameters (H7).
     */
    static boolean takesNoArguments(JsonNode schema) {
        if (!schema.isObject()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> field : schema.properties()) {
            switch (field.getKey()) {
                case "type" -> {
                    if (!field.getValue().isString() || !"object".equals(field.getValue().stringValue())) {
                        return false;
                    }
                }
                case "properties" -> {
                    if (!field.getValue().isEmpty()) {
                        return false;
                    }
                }
                case "$schema", "additionalProperties", "description", "title", "required" -> {
                    // No effect on an object that has no properties.
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }
}
