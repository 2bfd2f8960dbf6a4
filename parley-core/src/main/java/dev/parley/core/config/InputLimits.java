package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import java.time.Duration;
import java.util.Objects;

/**
 * What a client's request may be at most ({@code server.limits}), beyond the body size: each limit is answered with
 * a clear error in the client's protocol before the request goes anywhere, so that no input can exhaust Parley's
 * memory or hold a connection open for nothing.
 *
 * @param maxHeaders the most request headers
 * @param maxHeaderBytes the most bytes of all headers together (and of the request line)
 * @param maxJsonDepth how deeply the body's JSON may nest
 * @param maxMessages the most messages (Chat, Anthropic), input items (Responses) or contents (Gemini)
 * @param maxTools the most tool (function) definitions
 * @param maxParts the most JSON objects in the conversation: its messages and all their parts together
 * @param bodyTimeout how long a request may take to send its whole body (slow-body attacks)
 * @param keepAliveTimeout how long a connection is kept open after a response for its next request, whose headers
 *                         must have arrived by then (slow headers on a kept-alive connection)
 * @param headerTimeout how long a new connection may take to send its first request's headers (connecting and
 *                      sending nothing, or trickling them, holds a connection for nothing)
 */
public record InputLimits(int maxHeaders, int maxHeaderBytes, int maxJsonDepth, int maxMessages, int maxTools,
                          int maxParts, Duration bodyTimeout, Duration keepAliveTimeout, Duration headerTimeout) {

    /** Vert.x counts the header timeout in milliseconds of an int; an hour is far beyond any use. */
    private static final Duration MAX_HEADER_TIMEOUT = Duration.ofHours(1);
    public static final InputLimits DEFAULTS = new InputLimits(100, 64 * 1024, 128, 10_000, 1_000, 100_000,
            Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(10));

    public InputLimits {
        Objects.requireNonNull(bodyTimeout, "bodyTimeout");
        Objects.requireNonNull(keepAliveTimeout, "keepAliveTimeout");
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        check(maxHeaders >= 8, "maxHeaders must be at least 8");
        check(maxHeaderBytes >= 1024, "maxHeaderBytes must be at least 1 KiB");
        check(maxJsonDepth >= 8, "maxJsonDepth must be at least 8");
        check(maxMessages >= 1 && maxTools >= 1 && maxParts >= 1, "counts must be positive");
        check(bodyTimeout.isPositive() && keepAliveTimeout.isPositive() && headerTimeout.isPositive(),
                "timeouts must be positive");
        check(headerTimeout.compareTo(MAX_HEADER_TIMEOUT) <= 0, "headerTimeout must be at most an hour");
    }
}
