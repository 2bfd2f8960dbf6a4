package dev.parley.core.codec.gemini;

import dev.parley.core.codec.CodecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Typed reads of optional JSON fields. A field that is absent or {@code null} is simply absent; a field of the
 * wrong type is a {@link CodecException} naming its path, because a client that sends one made a mistake it
 * should hear about.
 */
final class Fields {

    private Fields() {
    }

    /** The field if it is present and not JSON {@code null}. */
    static Optional<JsonNode> get(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    static Optional<ObjectNode> object(JsonNode node, String name, String path) {
        return get(node, name).map(value -> {
            if (!value.isObject()) {
                throw new CodecException(path, "expected an object");
            }
            return (ObjectNode) value;
        });
    }

    /** The array's elements, or none when the field is absent. */
    static List<JsonNode> array(JsonNode node, String name, String path) {
        Optional<JsonNode> value = get(node, name);
        if (value.isEmpty()) {
            return List.of();
        }
        if (!value.get().isArray()) {
            throw new CodecException(path, "expected an array");
        }
        return new ArrayList<>(value.get().values());
    }

    static Optional<String> string(JsonNode node, String name, String path) {
        return get(node, name).map(value -> {
            if (!value.isString()) {
                throw new CodecException(path, "expected a string");
            }
            return value.stringValue();
        });
    }

    static boolean bool(JsonNode node, String name, String path) {
        return get(node, name).map(value -> {
            if (!value.isBoolean()) {
                throw new CodecException(path, "expected true or false");
            }
            return value.booleanValue();
        }).orElse(false);
    }

    static OptionalDouble number(JsonNode node, String name, String path) {
        Optional<JsonNode> value = get(node, name);
        if (value.isEmpty()) {
            return OptionalDouble.empty();
        }
        if (!value.get().isNumber()) {
            throw new CodecException(path, "expected a number");
        }
        return OptionalDouble.of(value.get().asDouble());
    }

    static OptionalInt integer(JsonNode node, String name, String path) {
        OptionalLong value = longInteger(node, name, path);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        if (value.getAsLong() > Integer.MAX_VALUE || value.getAsLong() < Integer.MIN_VALUE) {
            throw new CodecException(path, "out of range");
        }
        return OptionalInt.of((int) value.getAsLong());
    }

    static OptionalLong longInteger(JsonNode node, String name, String path) {
        Optional<JsonNode> value = get(node, name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        JsonNode number = value.get();
        // Proto JSON allows int64 values as strings; JavaScript clients also send 64.0 for 64.
        if (number.isString()) {
            try {
                return OptionalLong.of(Long.parseLong(number.stringValue().trim()));
            } catch (NumberFormatException e) {
                throw new CodecException(path, "expected an integer");
            }
        }
        if (!number.isNumber() || number.asDouble() != Math.rint(number.asDouble()) || !number.canConvertToLong()) {
            throw new CodecException(path, "expected an integer");
        }
        return OptionalLong.of(number.asLong());
    }

    /** A count the provider reported; lenient, because a provider's odd answer must not lose the whole reply. */
    static long count(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || !(value.isNumber() || value.isString())) {
            return 0;
        }
        return Math.max(0, value.asLong(0));
    }
}
