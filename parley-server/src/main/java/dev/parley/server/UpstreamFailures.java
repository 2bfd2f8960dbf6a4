package dev.parley.server;

import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.routing.Channel;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns what went wrong upstream into the error a client sees. Provider credentials problems are Parley's
 * problem, not the client's, so they become a 502 and the provider's text (which may echo a key) is dropped.
 */
final class UpstreamFailures {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 500;

    private UpstreamFailures() {
    }

    static ApiError fromStatus(Channel channel, int status, MultiMap headers, byte[] body) {
        String provider = channel.provider().name();
        String upstreamMessage = message(body).orElse("HTTP " + status);
        ApiError error = switch (status) {
            case 401, 403 -> ApiError.of(ErrorKind.UPSTREAM, "upstream_auth_failed",
                    "Provider '" + provider + "' refused Parley's credentials (HTTP " + status + ").");
            case 402 -> ApiError.of(ErrorKind.BILLING, "Provider '" + provider + "': " + upstreamMessage);
            case 429 -> ApiError.of(ErrorKind.RATE_LIMITED, "Provider '" + provider + "' is rate limiting: " + upstreamMessage);
            case 529 -> ApiError.of(ErrorKind.OVERLOADED, "Provider '" + provider + "' is overloaded: " + upstreamMessage);
            case 503 -> ApiError.of(ErrorKind.UNAVAILABLE, "Provider '" + provider + "' is unavailable: " + upstreamMessage);
            case 504 -> ApiError.of(ErrorKind.TIMEOUT, "Provider '" + provider + "' timed out: " + upstreamMessage);
            default -> ApiError.of(status >= 500 ? ErrorKind.UPSTREAM : ErrorKind.INVALID_REQUEST,
                    "Provider '" + provider + "' returned HTTP " + status + ": " + upstreamMessage);
        };
        return retryAfter(headers).map(error::withRetryAfter).orElse(error);
    }

    static ApiError fromException(Channel channel, Throwable cause) {
        String provider = channel.provider().name();
        if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
            return ApiError.of(ErrorKind.TIMEOUT, "Provider '" + provider + "' did not answer in time.");
        }
        if (cause instanceof ConnectException) {
            return ApiError.of(ErrorKind.UPSTREAM, "Parley could not connect to provider '" + provider + "'.");
        }
        if (cause instanceof HttpClosedException || cause instanceof StreamResetException) {
            return ApiError.of(ErrorKind.UPSTREAM, "Provider '" + provider + "' closed the connection.");
        }
        return ApiError.of(ErrorKind.UPSTREAM, "Calling provider '" + provider + "' failed: " + cause.getClass().getSimpleName());
    }

    /** The provider's own words, which clients pattern-match (e.g. context-length messages). */
    static Optional<String> message(byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode error = root.path("error");
            JsonNode message = error.isObject() ? error.path("message") : root.path("message");
            if (message.isString() && !message.asString().isBlank()) {
                String text = message.asString();
                return Optional.of(text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text);
            }
        } catch (JacksonException e) {
            // Not JSON: the status alone will have to do.
        }
        return Optional.empty();
    }

    static Optional<Duration> retryAfter(MultiMap headers) {
        String value = headers.get("retry-after");
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty(); // HTTP-date form: honoured by the routing layer, not needed for the message
        }
    }
}
