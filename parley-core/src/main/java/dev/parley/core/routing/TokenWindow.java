package dev.parley.core.routing;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * A configured token limit of one provider key: at most {@code limit} tokens in any sliding minute, counted from the
 * usage of the answers the key gave. A key is out of turn while the tokens of its last minute reach the limit, as
 * the provider itself would refuse it then. Answers still in flight are not counted until they end, so concurrent
 * requests can pass the limit by what they use; the provider's own headers ({@link LimitHeaders}) cover that side.
 * Shared by every event loop, hence synchronized; time is the caller's.
 */
public final class TokenWindow {

    private final long limit;
    /** The answers of the last minute, oldest first. */
    private final Deque<Spent> spent = new ArrayDeque<>();
    private long total;

    private record Spent(Instant at, long tokens) {
    }

    public TokenWindow(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a token limit is at least 1, got " + limit);
        }
        this.limit = limit;
    }

    /** Counts an answer's tokens at {@code now}. */
    public synchronized void add(Instant now, long tokens) {
        if (tokens <= 0) {
            return;
        }
        forget(now);
        spent.addLast(new Spent(now, tokens));
        total += tokens;
    }

    /** Whether the key may take another request at {@code now}. */
    public synchronized boolean hasRoom(Instant now) {
        forget(now);
        return total < limit;
    }

    /** When enough of the minute's tokens have aged out for the key to take a request; empty when it can now. */
    public synchronized Optional<Instant> freeAt(Instant now) {
        forget(now);
        if (total < limit) {
            return Optional.empty();
        }
        long left = total;
        for (Spent s : spent) {
            left -= s.tokens();
            if (left < limit) {
                return Optional.of(s.at().plus(RequestWindow.WINDOW));
            }
        }
        return Optional.empty();
    }

    private void forget(Instant now) {
        while (!spent.isEmpty() && !spent.peekFirst().at().plus(RequestWindow.WINDOW).isAfter(now)) {
            total -= spent.removeFirst().tokens();
        }
    }
}
