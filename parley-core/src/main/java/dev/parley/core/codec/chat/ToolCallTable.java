package dev.parley.core.codec.chat;

import dev.parley.core.codec.Json;
import dev.parley.core.model.Signature;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** The tool calls of one streamed choice, keyed by Chat's {@code tool_calls[].index}. */
final class ToolCallTable {

    enum Mode { LIVE, BUFFERED, CLOSED }

    static final class Call {
        final String id;
        final String name;
        final boolean custom;
        final StringBuilder arguments = new StringBuilder();
        Mode mode = Mode.BUFFERED;
        Optional<Signature> signature = Optional.empty();

        Call(String id, String name, boolean custom) {
            this.id = id;
            this.name = name;
            this.custom = custom;
        }
    }

    private final TreeMap<Integer, Call> calls = new TreeMap<>();
    private int lastIndex;

    boolean any() {
        return !calls.isEmpty();
    }

    /** The call a fragment continues, if it continues one. */
    Optional<Call> find(JsonNode fragment) {
        int index = indexOf(fragment);
        Optional<Call> call = Optional.ofNullable(calls.get(index));
        if (call.isPresent()) {
            lastIndex = index;
        }
        return call;
    }

    /**
     * The fragment's index. Some compatible servers omit it: a fragment with a new id then starts the next call,
     * one without an id continues the last.
     */
    int indexOf(JsonNode fragment) {
        JsonNode index = fragment.path("index");
        if (index.isIntegralNumber() && index.canConvertToInt()) {
            return index.intValue();
        }
        String id = fragment.path("id").asString("");
        if (id.isEmpty()) {
            return lastIndex;
        }
        for (var entry : calls.entrySet()) {
            if (entry.getValue().id.equals(id)) {
                return entry.getKey();
            }
        }
        return calls.isEmpty() ? 0 : calls.lastKey() + 1;
    }

    Call add(int index, String id, String name, boolean custom) {
        Call call = new Call(id, name, custom);
        calls.put(index, call);
        lastIndex = index;
        return call;
    }

    List<Call> buffered() {
        return calls.values().stream().filter(c -> c.mode == Mode.BUFFERED).toList();
    }

    /** Whether a call's arguments so far already form a whole JSON value: then the next index starts a new call. */
    static boolean completeJson(CharSequence arguments) {
        if (arguments.isEmpty()) {
            return false;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(arguments.toString());
            return node != null && !node.isMissingNode();
        } catch (JacksonException e) {
            return false;
        }
    }
}
