package dev.parley.core.codec;

import java.util.Objects;
import java.util.Optional;

/**
 * What the request's URL says beyond its body: Gemini puts the model and the choice of streaming in the path
 * ({@code /v1beta/models/{model}:streamGenerateContent}); the other protocols carry both in the body.
 */
public record RequestTarget(Optional<String> model, boolean stream) {

    public static final RequestTarget BODY = new RequestTarget(Optional.empty(), false);

    public RequestTarget {
        Objects.requireNonNull(model, "model");
    }
}
