package dev.parley.core.codec;

import dev.parley.core.json.JsonFactories;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON tree plumbing every codec shares: one mapper, parsing that fails with a {@link CodecException}, and
 * raw JSON text in and out for the fields the internal model keeps as text (schemas, tool arguments).
 */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactories.DEFAULT).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /** A request or response body that must be a JSON object. */
    public static ObjectNode object(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new CodecException("The body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new CodecException("The body must be a JSON object.");
        }
        return (ObjectNode) node;
    }

    /** Parses JSON text the model keeps raw; {@code where} names it in the error. */
    public static JsonNode parse(String json, String where) {
        return parsed(() -> MAPPER.readTree(json), where);
    }

    /** The same, from UTF-8 bytes: no string to build first. */
    public static JsonNode parse(byte[] json, String where) {
        return parsed(() -> MAPPER.readTree(json), where);
    }

    private static JsonNode parsed(Supplier<JsonNode> read, String where) {
        try {
            JsonNode node = read.get();
            if (node == null || node.isMissingNode()) {
                throw new CodecException(where, "expected JSON, got nothing");
            }
            return node;
        } catch (JacksonException e) {
            throw new CodecException(where, "not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Tool arguments as an object, for protocols that carry them as one; text that is not an object is wrapped. */
    public static ObjectNode argumentsObject(String arguments) {
        if (arguments.isBlank()) {
            return objectNode();
        }
        try {
            JsonNode node = MAPPER.readTree(arguments);
            if (node != null && node.isObject()) {
                return (ObjectNode) node;
            }
        } catch (JacksonException e) {
            // Truncated or invalid arguments (the model hit its token limit): keep them readable, not lost.
        }
        ObjectNode wrapped = objectNode();
        wrapped.put("_raw", arguments);
        return wrapped;
    }

    /** Compact JSON text of a node. */
    public static String text(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    public static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    public static ObjectNode objectNode() {
        return NODES.objectNode();
    }

    public static JsonNode stringNode(String value) {
        return NODES.stringNode(value);
    }

    public static ArrayNode arrayNode() {
        return NODES.arrayNode();
    }
}
