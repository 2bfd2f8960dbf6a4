package dev.parley.core.routing;

import dev.parley.core.protocol.ErrorKind;
import java.util.Objects;

/** How an upstream attempt failed, as far as choosing the next attempt is concerned. */
public sealed interface UpstreamOutcome {

    /**
     * An error response.
     *
     * @param kind what the provider's error body said, read by its codec (or derived from the status alone)
     */
    record Status(int status, ErrorKind kind) implements UpstreamOutcome {
        public Status {
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** No usable response: refused or reset connection, a timeout, a body cut short. */
    record ConnectionFailed(boolean timedOut) implements UpstreamOutcome {
    }

    /** An error event inside a 200 stream, before anything was sent to the client. */
    record StreamError(ErrorKind kind) implements UpstreamOutcome {
        public StreamError {
            Objects.requireNonNull(kind, "kind");
        }
    }
}
