package dev.parley.core.codec.chat;

import dev.parley.core.codec.CodecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;

/**
 * Typed access to the fields of a client body, failing with a {@link CodecException} that names the field's
 * path. JSON {@code null} counts as absent, as the OpenAI SDKs send it for unset optional fields.
 */
final class Read {

    private Read() {
    }

    static String path(String parent, String field) {
        return parent.isEmpty() ? field : parent + "." + field;
    }

    static String path(String parent, int index) {
        return parent + "[" + index + "]";
    }

    static boolean absent(JsonNode node) {
        return node.isMissingNode() || node.isNull();
    }

    static String string(JsonNode parent, String field, String where) {
        return optString(parent, field, where).orElseThrow(() -> new CodecException(path(where, field), "is required"));
    }

    static Optional<String> optString(JsonNode parent, String field, String where) {
        JsonNode node = parent.path(field);
        if (absent(node)) {
            return Optional.empty();
        }
        if (!node.isString()) {
            throw new CodecException(path(where, field), "expected a string");
        }
        return Optional.of(node.stringValue());
    }

    static OptionalInt optInt(JsonNode parent, String field, String where) {
        JsonNode node = parent.path(field);
        if (absent(node)) {
            return OptionalInt.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new CodecException(path(where, field), "expected an integer");
        }
        return OptionalInt.of(node.intValue());
    }

    static OptionalLong optLong(JsonNode parent, String field, String where) {
        JsonNode node = parent.path(field);
        if (absent(node)) {
            return OptionalLong.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new CodecException(path(where, field), "expected an integer");
        }
        return OptionalLong.of(node.longValue());
    }

    static OptionalDouble optDouble(JsonNode parent, String field, String where) {
        JsonNode node = parent.path(field);
        if (absent(node)) {
            return OptionalDouble.empty();
        }
        if (!node.isNumber()) {
            throw new CodecException(path(where, field), "expected a number");
        }
        return OptionalDouble.of(node.doubleValue());
    }

    static Optional<Boolean> optBoolean(JsonNode parent, String field, String where) {
        JsonNode node = parent.path(field);
        if (absent(node)) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw new CodecException(path(where, field), "expected a boolean");
        }
        return Optional.of(node.booleanValue());
    }

    /** An optional object field; absent gives an empty optional. */
    static Optional<JsonNode> optObject(JsonNode parent, String field, String where) {
        JsonNode node = parent.path(field);
        if (absent(node)) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw new CodecException(path(where, field), "expected an object");
        }
        return Optional.of(node);
    }

    static JsonNode object(JsonNode parent, String field, String where) {
        return optObject(parent, field, where).orElseThrow(() -> new CodecException(path(where, field), "is required"));
    }

    /** An optional array field as a list; absent gives an empty list. */
    static List<JsonNode> array(JsonNode parent, String field, String where) {
        JsonNode node = parent.path(field);
        if (absent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new CodecException(path(where, field), "expected an array");
        }
        List<JsonNode> items = new ArrayList<>(node.size());
        node.forEach(items::add);
        return items;
    }

    /** Leniently reads a string where any type may appear (provider answers): anything else is empty. */
    static Optional<String> text(JsonNode node) {
        return node.isString() ? Optional.of(node.stringValue()) : Optional.empty();
    }
}
