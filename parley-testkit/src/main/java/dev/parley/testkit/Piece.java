package dev.parley.testkit;

import java.util.Objects;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** One piece of a reply's output, in the order the model produced it. */
public sealed interface Piece {

    /** Visible assistant text. */
    record Text(String text) implements Piece {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Reasoning text: Anthropic thinking, Responses reasoning summary, Gemini thought, Chat reasoning_content. */
    record Thinking(String text) implements Piece {
        public Thinking {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A function call. {@code argumentsJson} must be a JSON object, because Anthropic and Gemini carry the
     * arguments as an object rather than a string. Without an {@code id} each protocol invents its own
     * ({@code call_…}, {@code toolu_…}); Gemini then sends none, like the Gemini Developer API.
     */
    record ToolCall(String name, String argumentsJson, Optional<String> id) implements Piece {
        public ToolCall {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(id, "id");
            if (!parse(argumentsJson).isObject()) {
                throw new IllegalArgumentException("tool arguments must be a JSON object: " + argumentsJson);
            }
        }

        public ToolCall(String name, String argumentsJson) {
            this(name, argumentsJson, Optional.empty());
        }

        /** The arguments as a fresh JSON tree. */
        public JsonNode arguments() {
            return parse(argumentsJson);
        }

        private static JsonNode parse(String json) {
            try {
                return Json.MAPPER.readTree(json);
            } catch (JacksonException e) {
                throw new IllegalArgumentException("tool arguments are not valid JSON: " + json, e);
            }
        }
    }

    static Text text(String text) {
        return new Text(text);
    }

    static Thinking thinking(String text) {
        return new Thinking(text);
    }

    static ToolCall toolCall(String name, String argumentsJson) {
        return new ToolCall(name, argumentsJson);
    }
}
