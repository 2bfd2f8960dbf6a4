package dev.parley.core.sse;

/** A stream that breaks the event-stream rules or Parley's limits. */
public final class SseException extends RuntimeException {
    public SseException(String message) {
        super(message);
    }
}
