package dev.parley.core.model;

import dev.parley.core.protocol.Protocol;
import java.util.Objects;
import java.util.Optional;

/** A tool the model may call. */
public sealed interface Tool {

    String name();

    /** A function with a JSON Schema for its arguments ({@code parameters} is JSON text, always an object). */
    record Function(String name, String description, String parameters, Optional<Boolean> strict) implements Tool {
        public Function {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(parameters, "parameters");
            Objects.requireNonNull(strict, "strict");
        }
    }

    /**
     * A freeform tool whose input is one raw string (OpenAI {@code custom}, e.g. Codex's {@code apply_patch});
     * {@code format} is the protocol's format object as JSON text, if any. Protocols without freeform tools see
     * it as a function taking {@code {"input": string}}.
     */
    record Custom(String name, String description, Optional<String> format) implements Tool {
        public Custom {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(format, "format");
        }

        /** The argument schema used where freeform tools do not exist. */
        public static final String INPUT_SCHEMA =
                "{\"type\":\"object\",\"properties\":{\"input\":{\"type\":\"string\"}},\"required\":[\"input\"]}";
    }

    /**
     * A tool the provider runs itself (web search, code execution, Gemini's googleSearch...). It cannot be
     * emulated, so it reaches only upstreams of its own protocol and is dropped for others.
     */
    record Hosted(Protocol origin, String name, String definition) implements Tool {
        public Hosted {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(definition, "definition");
        }
    }
}
