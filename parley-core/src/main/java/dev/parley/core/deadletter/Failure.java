package dev.parley.core.deadletter;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One failed try of a dead letter's work, as its error history lists it: which provider and model, the status, the
 * error's class and message. Never a key: the messages come from Parley's own error texts, which name keys by
 * position only.
 *
 * @param provider      the provider tried, if one was
 * @param upstreamModel the provider's model, if one was tried
 * @param status        the HTTP status of the try, if it got one
 * @param errorClass    a short class: {@code upstream_500}, {@code rate_limited}, {@code timed_out}, ...
 */
public record Failure(int attempt, Optional<String> provider, Optional<String> upstreamModel, OptionalInt status,
                      String errorClass, String message) {

    public Failure {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(upstreamModel, "upstreamModel");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(errorClass, "errorClass");
        Objects.requireNonNull(message, "message");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1: " + attempt);
        }
    }
}
