package dev.parley.core.json;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;

/**
 * The top-level members of a JSON object located by byte span, without building a tree.
 *
 * <p>This is the pass-through fast path: Parley must read a few fields (model, stream) and rewrite one or two,
 * while forwarding everything else byte for byte. The scan still tokenizes the whole document, so malformed JSON
 * is caught here, before anything is sent upstream.
 */
public final class TopLevelObject {

    private static final JsonFactory FACTORY = JsonFactories.DEFAULT;
    /** One factory per nesting limit in use (in practice one: the configuration's). */
    private static final Map<Integer, JsonFactory> BY_DEPTH = new ConcurrentHashMap<>();

    private final byte[] bytes;
    private final Map<String, JsonMember> members;

    private TopLevelObject(byte[] bytes, Map<String, JsonMember> members) {
        this.bytes = bytes;
        this.members = members;
    }

    /** @throws JsonScanException when the bytes are not one well-formed JSON object */
    public static TopLevelObject scan(byte[] json) {
        return scan(json, FACTORY);
    }

    /**
     * The same, refusing JSON nested deeper than {@code maxDepth} levels.
     *
     * @throws JsonScanException when the bytes are not one well-formed JSON object or nest too deeply
     */
    public static TopLevelObject scan(byte[] json, int maxDepth) {
        JsonFactory factory = BY_DEPTH.computeIfAbsent(maxDepth, depth -> JsonFactories.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(depth).build()).build());
        return scan(json, factory);
    }

    private static TopLevelObject scan(byte[] json, JsonFactory factory) {
        Map<String, JsonMember> members = new LinkedHashMap<>();
        try (JsonParser p = factory.createParser(ObjectReadContext.empty(), json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonScanException("the request body must be a JSON object");
            }
            if (p.currentTokenLocation().getByteOffset() < 0) {
                // The parser detected UTF-16 or UTF-32 and counts characters: spans would not be byte offsets.
                throw new JsonScanException("the request body must be JSON encoded in UTF-8");
            }
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                int start = (int) p.currentTokenLocation().getByteOffset();
                if (value.isStructStart()) {
                    p.skipChildren();
                } else {
                    p.finishToken();
                }
                int end = (int) p.currentLocation().getByteOffset();
                // A repeated name: JSON parsers keep the last one, and so does the upstream.
                members.put(name, new JsonMember(name, start, end, kindOf(value)));
            }
            if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new JsonScanException("the request body must be exactly one JSON object");
            }
        } catch (StreamConstraintsException e) {
            throw new JsonScanException("the request body nests deeper than "
                    + factory.streamReadConstraints().getMaxNestingDepth() + " levels");
        } catch (JacksonException e) {
            throw new JsonScanException("the request body is not valid JSON: " + e.getOriginalMessage());
        }
        return new TopLevelObject(json, members);
    }

    public byte[] bytes() {
        return bytes;
    }

    public Optional<JsonMember> member(String name) {
        return Optional.ofNullable(members.get(name));
    }

    public Iterable<JsonMember> members() {
        return members.values();
    }

    /** The raw JSON text of a member's value. */
    public byte[] rawValue(JsonMember member) {
        return Arrays.copyOfRange(bytes, member.start(), member.end());
    }

    /** A string member's decoded value; empty when absent or not a string. */
    public Optional<String> string(String name) {
        return member(name)
                .filter(m -> m.kind() == JsonMember.Kind.STRING)
                .map(m -> decodeString(rawValue(m)));
    }

    /** A boolean member's value; empty when absent or not a boolean. */
    public Optional<Boolean> bool(String name) {
        return member(name).flatMap(m -> switch (m.kind()) {
            case TRUE -> Optional.of(true);
            case FALSE -> Optional.of(false);
            case STRING, NUMBER, NULL, OBJECT, ARRAY -> Optional.empty();
        });
    }

    private static String decodeString(byte[] raw) {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), raw)) {
            p.nextToken();
            return p.getString();
        }
    }

    private static JsonMember.Kind kindOf(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> JsonMember.Kind.OBJECT;
            case START_ARRAY -> JsonMember.Kind.ARRAY;
            case VALUE_STRING -> JsonMember.Kind.STRING;
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> JsonMember.Kind.NUMBER;
            case VALUE_TRUE -> JsonMember.Kind.TRUE;
            case VALUE_FALSE -> JsonMember.Kind.FALSE;
            case VALUE_NULL -> JsonMember.Kind.NULL;
            default -> throw new JsonScanException("unexpected token " + token);
        };
    }

    @Override
    public String toString() {
        return "TopLevelObject" + members.keySet();
    }
}
