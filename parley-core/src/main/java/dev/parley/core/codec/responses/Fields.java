package dev.parley.core.codec.responses;

import dev.parley.core.codec.CodecException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import tools.jackson.databind.JsonNode;

/**
 * Reading one field of a client's JSON with a {@link CodecException} that names its path when the type is wrong.
 * Absent and {@code null} fields are the same thing: clients send both for "not set".
 */
final class Fields {

    private Fields() {
    }

    static String at(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    static String at(String path, int index) {
        return path + "[" + index + "]";
    }

    static boolean present(JsonNode node) {
        return node != null && !node.isMissingNode() && !node.isNull();
    }

    static Optional<String> string(JsonNode parent, String name, String path) {
        JsonNode node = parent.path(name);
        if (!present(node)) {
            return Optional.empty();
        }
        if (!node.isString()) {
            throw new CodecException(at(path, name), "expected a string");
        }
        return Optional.of(node.stringValue());
    }

    static String requiredString(JsonNode parent, String name, String path) {
        return string(parent, name, path).orElseThrow(() -> new CodecException(at(path, name), "required"));
    }

    static OptionalInt integer(JsonNode parent, String name, String path) {
        JsonNode node = parent.path(name);
        if (!present(node)) {
            return OptionalInt.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new CodecException(at(path, name), "expected an integer");
        }
        return OptionalInt.of(node.intValue());
    }

    static OptionalDouble number(JsonNode parent, String name, String path) {
        JsonNode node = parent.path(name);
        if (!present(node)) {
            return OptionalDouble.empty();
        }
        if (!node.isNumber()) {
            throw new CodecException(at(path, name), "expected a number");
        }
        return OptionalDouble.of(node.asDouble());
    }

    static Optional<Boolean> bool(JsonNode parent, String name, String path) {
        JsonNode node = parent.path(name);
        if (!present(node)) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw new CodecException(at(path, name), "expected true or false");
        }
        return Optional.of(node.booleanValue());
    }

    /** The elements of an array field; empty when the field is absent. */
    static List<JsonNode> array(JsonNode parent, String name, String path) {
        JsonNode node = parent.path(name);
        if (!present(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new CodecException(at(path, name), "expected an array");
        }
        return List.copyOf(node.values());
    }

    static JsonNode object(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new CodecException(path, "expected an object");
        }
        return node;
    }

    /** A string field of an upstream's JSON, read leniently: anything but a string counts as absent. */
    static Optional<String> text(JsonNode parent, String name) {
        JsonNode node = parent.path(name);
        return node.isString() ? Optional.of(node.stringValue()) : Optional.empty();
    }
}
