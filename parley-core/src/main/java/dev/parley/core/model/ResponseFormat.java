package dev.parley.core.model;

import java.util.Objects;
import java.util.Optional;

/** The shape the client wants the answer in. */
public sealed interface ResponseFormat {

    record Text() implements ResponseFormat {
    }

    /** Any JSON object. */
    record JsonObject() implements ResponseFormat {
    }

    /** JSON matching {@code schema} (JSON text). */
    record JsonSchema(String name, String schema, Optional<Boolean> strict) implements ResponseFormat {
        public JsonSchema {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(strict, "strict");
        }
    }
}
