package dev.parley.core.protocol;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An error to show a client. The message is written for the client and must never contain a secret; the
 * {@code code} is a stable machine-readable reason such as {@code model_not_found}.
 */
public record ApiError(ErrorKind kind, String message, Optional<String> code, Optional<String> param,
                       Optional<Duration> retryAfter) {

    public ApiError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(param, "param");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public static ApiError of(ErrorKind kind, String message) {
        return new ApiError(kind, message, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static ApiError of(ErrorKind kind, String code, String message) {
        return new ApiError(kind, message, Optional.of(code), Optional.empty(), Optional.empty());
    }

    public ApiError withParam(String param) {
        return new ApiError(kind, message, code, Optional.of(param), retryAfter);
    }

    public ApiError withRetryAfter(Duration delay) {
        return new ApiError(kind, message, code, param, Optional.of(delay));
    }
}
