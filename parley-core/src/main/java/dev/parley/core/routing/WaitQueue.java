package dev.parley.core.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Requests waiting for a provider key to become usable again, in the order they are served: higher priority first,
 * then the earlier deadline (the request that can wait least), then arrival. Bounded, so that a long outage turns
 * into quick honest refusals rather than an ever-growing backlog. Not thread-safe: the owner serializes access.
 *
 * @param <T> what waits (the server's handle on one request)
 */
public final class WaitQueue<T> {

    /** One waiting request and where it stands in the order. */
    public record Ticket<T>(T item, int priority, Instant deadline, long arrival) {
        public Ticket {
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(deadline, "deadline");
        }
    }

    /** A waiter that found what it waited for, taken out of the queue. */
    public record Released<T, R>(Ticket<T> ticket, R result) {
    }

    /** Whether a request that found no usable key should wait, or be told at once when to come back. */
    public sealed interface Decision {
        record Wait() implements Decision {
        }

        record Refuse(Reason reason, Duration retryAfter) implements Decision {
        }
    }

    public enum Reason {
        /** The first key comes back only after the request's deadline: waiting would be pointless. */
        TOO_LATE,
        /** The queue holds as many requests as it may. */
        FULL
    }

    private static final Comparator<Ticket<?>> ORDER = Comparator.<Ticket<?>>comparingInt(t -> -t.priority())
            .thenComparing(Ticket::deadline).thenComparingLong(Ticket::arrival);

    private final int maxDepth;
    private final TreeSet<Ticket<T>> waiting = new TreeSet<>(ORDER);
    private long arrivals;

    public WaitQueue(int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("a queue holds at least one request, got " + maxDepth);
        }
        this.maxDepth = maxDepth;
    }

    /**
     * Whether a request arriving at {@code now} that may wait until {@code deadline} should wait for a key that
     * comes back at {@code availableAgain}. A refusal carries the honest {@code Retry-After}: that moment, rounded
     * up to whole seconds so that the client does not come back too early.
     */
    public Decision admit(Instant now, Instant deadline, Instant availableAgain) {
        if (!deadline.isAfter(now) || availableAgain.isAfter(deadline)) {
            return new Decision.Refuse(Reason.TOO_LATE, honestWait(now, availableAgain));
        }
        if (waiting.size() >= maxDepth) {
            return new Decision.Refuse(Reason.FULL, honestWait(now, availableAgain));
        }
        return new Decision.Wait();
    }

    /** How long from {@code now} until {@code at}, in whole seconds rounded up, and at least one. */
    public static Duration honestWait(Instant now, Instant at) {
        long millis = Math.max(0, Duration.between(now, at).toMillis());
        return Duration.ofSeconds(Math.max(1, (millis + 999) / 1000));
    }

    /** Puts a request in its place; empty when the queue is full. */
    public Optional<Ticket<T>> offer(T item, int priority, Instant deadline) {
        if (waiting.size() >= maxDepth) {
            return Optional.empty();
        }
        Ticket<T> ticket = new Ticket<>(item, priority, deadline, arrivals++);
        waiting.add(ticket);
        return Optional.of(ticket);
    }

    /** Takes a request out (its client left, or its deadline passed); false when it was no longer waiting. */
    public boolean remove(Ticket<T> ticket) {
        return waiting.remove(ticket);
    }

    /** Takes out and returns, in order, every request whose deadline is not after {@code now}. */
    public List<Ticket<T>> expire(Instant now) {
        List<Ticket<T>> expired = new ArrayList<>();
        for (Iterator<Ticket<T>> it = waiting.iterator(); it.hasNext(); ) {
            Ticket<T> ticket = it.next();
            if (!ticket.deadline().isAfter(now)) {
                expired.add(ticket);
                it.remove();
            }
        }
        return expired;
    }

    /**
     * Offers each waiting request, in order, what it waits for: {@code attempt} answers for one request (a channel
     * and key, say) or not yet. Those answered leave the queue and are returned in order; the others keep their
     * place.
     */
    public <R> List<Released<T, R>> release(Function<T, Optional<R>> attempt) {
        List<Released<T, R>> released = new ArrayList<>();
        for (Iterator<Ticket<T>> it = waiting.iterator(); it.hasNext(); ) {
            Ticket<T> ticket = it.next();
            Optional<R> result = attempt.apply(ticket.item());
            if (result.isPresent()) {
                it.remove();
                released.add(new Released<>(ticket, result.get()));
            }
        }
        return released;
    }

    /** The waiting requests, in the order they would be served. */
    public List<Ticket<T>> inOrder() {
        return List.copyOf(waiting);
    }

    public Optional<Instant> earliestDeadline() {
        return waiting.stream().map(Ticket::deadline).min(Instant::compareTo);
    }

    public int size() {
        return waiting.size();
    }

    public int maxDepth() {
        return maxDepth;
    }
}
