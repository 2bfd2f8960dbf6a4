package dev.parley.core.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * A configured request limit of one provider key: at most {@code limit} requests in any sliding minute. A sliding
 * log rather than a fixed window, so that a burst at the end of one minute and another at the start of the next
 * cannot double the rate the provider sees. Shared by every event loop, hence synchronized; time is the caller's.
 */
public final class RequestWindow {

    public static final Duration WINDOW = Duration.ofMinutes(1);

    private final int limit;
    /** When each request of the last minute was sent, oldest first; never more than {@code limit}. */
    private final Deque<Instant> sent = new ArrayDeque<>();

    public RequestWindow(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a request limit is at least 1, got " + limit);
        }
        this.limit = limit;
    }

    /** Whether a request could be sent at {@code now}; takes nothing. */
    public synchronized boolean hasRoom(Instant now) {
        forget(now);
        return sent.size() < limit;
    }

    /** Takes a slot for a request sent at {@code now}, if the window has one; the check and the take are one step. */
    public synchronized boolean tryTake(Instant now) {
        forget(now);
        if (sent.size() >= limit) {
            return false;
        }
        sent.addLast(now);
        return true;
    }

    /** When the next slot frees, if the window is full at {@code now}; empty when it has room. */
    public synchronized Optional<Instant> freeAt(Instant now) {
        forget(now);
        return sent.size() < limit ? Optional.empty() : Optional.of(sent.peekFirst().plus(WINDOW));
    }

    public int limit() {
        return limit;
    }

    private void forget(Instant now) {
        while (!sent.isEmpty() && !sent.peekFirst().plus(WINDOW).isAfter(now)) {
            sent.removeFirst();
        }
    }
}
