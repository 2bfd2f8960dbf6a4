package dev.parley.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A scripted failure, committed on the wire in the protocol of the request that draws it.
 *
 * <p>The chunk faults count stream events from the first one ({@code message_start}, {@code response.created},
 * the role chunk, the first Gemini chunk); the count is capped so that the final event of the stream is never
 * sent. They play out the fake's default reply unless {@code during(reply)} names another. On a non-streaming
 * request they act on the body instead: stall and cut send the headers and half of the body, and an error event
 * becomes a plain 500.
 */
public sealed interface Fault extends Answer {

    /** An HTTP error status with the protocol's own error body. */
    record Status(int status, RetryAfter retryAfter, Optional<String> message) implements Fault {
        public Status {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("an error status is 4xx or 5xx: " + status);
            }
            Objects.requireNonNull(retryAfter, "retryAfter");
            Objects.requireNonNull(message, "message");
        }

        /** Replaces the protocol's stock message, e.g. to test a client that pattern-matches it. */
        public Status withMessage(String text) {
            return new Status(status, retryAfter, Optional.of(text));
        }
    }

    /** Accepts the request, then says nothing at all for {@code duration}, then closes the connection. */
    record StallBeforeHeaders(Duration duration) implements Fault {
        public StallBeforeHeaders {
            requirePositive(duration);
        }
    }

    /** Sends the headers and {@code chunks} events, then silence for {@code duration}, then closes. */
    record StallAfterChunks(int chunks, Duration duration, Optional<Reply> reply) implements Fault {
        public StallAfterChunks {
            requireCount(chunks);
            requirePositive(duration);
            Objects.requireNonNull(reply, "reply");
        }

        /** The same stall, played out over {@code reply} instead of the default reply. */
        public StallAfterChunks during(Reply reply) {
            return new StallAfterChunks(chunks, duration, Optional.of(reply));
        }
    }

    /** Sends the headers and {@code chunks} events, then drops the connection: no terminator, no usage. */
    record CutAfterChunks(int chunks, Optional<Reply> reply) implements Fault {
        public CutAfterChunks {
            requireCount(chunks);
            Objects.requireNonNull(reply, "reply");
        }

        /** The same cut, played out over {@code reply} instead of the default reply. */
        public CutAfterChunks during(Reply reply) {
            return new CutAfterChunks(chunks, Optional.of(reply));
        }
    }

    /**
     * Sends the headers and {@code chunks} events, then the protocol's in-stream error event (with the stock message
     * unless given), then ends.
     */
    record ErrorEventAfterChunks(int chunks, Optional<Reply> reply, Optional<String> message) implements Fault {
        public ErrorEventAfterChunks {
            requireCount(chunks);
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(message, "message");
        }

        /** The same error, played out over {@code reply} instead of the default reply. */
        public ErrorEventAfterChunks during(Reply reply) {
            return new ErrorEventAfterChunks(chunks, Optional.of(reply), message);
        }

        /** The same error saying {@code text}, e.g. a provider echoing the key it was sent. */
        public ErrorEventAfterChunks withMessage(String text) {
            return new ErrorEventAfterChunks(chunks, reply, Optional.of(text));
        }
    }

    /** Resets the connection (TCP RST) right after reading the request: not one response byte. */
    record CloseBeforeResponse() implements Fault {}

    static Status status(int status) {
        return new Status(status, RetryAfter.none(), Optional.empty());
    }

    static Status status(int status, RetryAfter retryAfter) {
        return new Status(status, retryAfter, Optional.empty());
    }

    static Status rateLimited(RetryAfter retryAfter) {
        return status(429, retryAfter);
    }

    /** 529, Anthropic's {@code overloaded_error}; other protocols render the same status with their own body. */
    static Status overloaded() {
        return status(529);
    }

    static StallBeforeHeaders stallBeforeHeaders(Duration duration) {
        return new StallBeforeHeaders(duration);
    }

    static StallAfterChunks stallAfterChunks(int chunks, Duration duration) {
        return new StallAfterChunks(chunks, duration, Optional.empty());
    }

    static CutAfterChunks cutAfterChunks(int chunks) {
        return new CutAfterChunks(chunks, Optional.empty());
    }

    static ErrorEventAfterChunks errorEventAfterChunks(int chunks) {
        return new ErrorEventAfterChunks(chunks, Optional.empty(), Optional.empty());
    }

    static CloseBeforeResponse closeBeforeResponse() {
        return new CloseBeforeResponse();
    }

    private static void requireCount(int chunks) {
        if (chunks < 0) {
            throw new IllegalArgumentException("chunk count cannot be negative");
        }
    }

    private static void requirePositive(Duration duration) {
        if (!duration.isPositive()) {
            throw new IllegalArgumentException("duration must be positive");
        }
    }
}
