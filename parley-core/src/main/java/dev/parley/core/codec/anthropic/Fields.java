package dev.parley.core.codec.anthropic;

import dev.parley.core.codec.CodecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import tools.jackson.databind.JsonNode;

/**
 * Typed reads of a client body's fields. Every failure is a {@link CodecException} naming the field by its path
 * in the request ({@code messages[2].content[0].text}), so the client sees which part of its body is wrong. A
 * JSON {@code null} counts as absent, as Anthropic's API treats it.
 */
final class Fields {

    private Fields() {
    }

    static String at(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    static String at(String path, int index) {
        return path + "[" + index + "]";
    }

    static Optional<JsonNode> present(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? Optional.empty() : Optional.of(value);
    }

    static String requiredString(JsonNode node, String field, String path) {
        return string(node, field, path).orElseThrow(() -> new CodecException(at(path, field), "required"));
    }

    static Optional<String> string(JsonNode node, String field, String path) {
        Optional<JsonNode> value = present(node, field);
        if (value.isPresent() && !value.get().isString()) {
            throw new CodecException(at(path, field), "expected a string");
        }
        return value.map(JsonNode::stringValue);
    }

    static OptionalInt integer(JsonNode node, String field, String path) {
        Optional<JsonNode> value = present(node, field);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        if (!value.get().isIntegralNumber() || !value.get().canConvertToInt()) {
            throw new CodecException(at(path, field), "expected an integer");
        }
        return OptionalInt.of(value.get().intValue());
    }

    static OptionalDouble number(JsonNode node, String field, String path) {
        Optional<JsonNode> value = present(node, field);
        if (value.isEmpty()) {
            return OptionalDouble.empty();
        }
        if (!value.get().isNumber()) {
            throw new CodecException(at(path, field), "expected a number");
        }
        return OptionalDouble.of(value.get().doubleValue());
    }

    static Optional<Boolean> bool(JsonNode node, String field, String path) {
        Optional<JsonNode> value = present(node, field);
        if (value.isPresent() && !value.get().isBoolean()) {
            throw new CodecException(at(path, field), "expected true or false");
        }
        return value.map(JsonNode::booleanValue);
    }

    static Optional<JsonNode> object(JsonNode node, String field, String path) {
        Optional<JsonNode> value = present(node, field);
        if (value.isPresent() && !value.get().isObject()) {
            throw new CodecException(at(path, field), "expected an object");
        }
        return value;
    }

    /** The array's elements; an absent field is an empty list. */
    static List<JsonNode> array(JsonNode node, String field, String path) {
        Optional<JsonNode> value = present(node, field);
        if (value.isEmpty()) {
            return List.of();
        }
        if (!value.get().isArray()) {
            throw new CodecException(at(path, field), "expected an array");
        }
        List<JsonNode> items = new ArrayList<>(value.get().size());
        value.get().forEach(items::add);
        return items;
    }

    static List<String> strings(JsonNode node, String field, String path) {
        List<JsonNode> items = array(node, field, path);
        List<String> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).isString()) {
                throw new CodecException(at(at(path, field), i), "expected a string");
            }
            out.add(items.get(i).stringValue());
        }
        return out;
    }

    /** An element of an array that must be an object. */
    static JsonNode element(JsonNode item, String path) {
        if (!item.isObject()) {
            throw new CodecException(path, "expected an object");
        }
        return item;
    }

    /** Lenient read of a provider's answer: a string field, or empty text when it is absent or not a string. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.stringValue() : "";
    }

    /** Lenient read of a provider's count: 0 when absent or not a number, never negative. */
    static long count(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isNumber() ? Math.max(0, value.asLong(0)) : 0;
    }
}
