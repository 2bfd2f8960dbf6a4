package dev.parley.core.model;

import dev.parley.core.usage.TokenUsage;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/** Embedding requests and results, protocol-neutral. */
public final class Embeddings {

    private Embeddings() {
    }

    /** Texts to embed, in order; {@code dimensions} asks for shortened vectors where the model supports it. */
    public record Request(String model, List<String> inputs, OptionalInt dimensions) {
        public Request {
            Objects.requireNonNull(model, "model");
            inputs = List.copyOf(inputs);
            Objects.requireNonNull(dimensions, "dimensions");
        }
    }

    /** One vector per input, in input order. */
    public record Response(String model, List<float[]> vectors, TokenUsage usage) {
        public Response {
            Objects.requireNonNull(model, "model");
            vectors = List.copyOf(vectors);
            Objects.requireNonNull(usage, "usage");
        }
    }
}
