package dev.parley.core.protocol;

import java.time.Duration;
import java.util.Optional;

/** An error in one protocol's wire form: the status and JSON body to send, and a Retry-After if any. */
public record RenderedError(int status, byte[] body, Optional<Duration> retryAfter) {
}
