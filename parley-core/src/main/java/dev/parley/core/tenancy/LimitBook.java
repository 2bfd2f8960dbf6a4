package dev.parley.core.tenancy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rate limits of keys, projects, teams and members, as one request meets them: requests per sliding minute,
 * tokens per sliding minute and requests in flight, for every scope the request belongs to. A request is admitted
 * only if every scope has room, and then takes its place in all of them in the same step; so, under any
 * concurrency, no scope ever holds more admitted requests than its limits allow.
 *
 * <p>Tokens are known only once the answer is in: a request reserves an estimate when it is admitted, and its
 * {@link Ticket} replaces the estimate by what it really used when it is settled. Reserved estimates count until
 * they are settled, however old; settled tokens count for a minute from their settlement.
 *
 * <p>Every scope a request belongs to is counted, whether it has limits or not, so that a limit added at run time
 * (the limits are passed in with each request, from the current tenancy snapshot) counts the requests already in
 * flight. Shared by every event loop: one lock, held for a few map lookups. Time is the caller's; it is never
 * allowed to run backwards, so callers on different threads cannot reorder a window.
 */
public final class LimitBook {

    /** The length of the sliding window of {@code rpm} and {@code tpm}. */
    public static final Duration WINDOW = Duration.ofMinutes(1);
    /** The retry hint when only requests in flight stand in the way: when they end cannot be known. */
    public static final Duration SOON = Duration.ofSeconds(1);

    /** What {@link #admit} decided. */
    public sealed interface Admission permits Admitted, Refused {
    }

    /** Admitted: the ticket holds the request's places until it is settled. */
    public record Admitted(Ticket ticket) implements Admission {
        public Admitted {
            Objects.requireNonNull(ticket, "ticket");
        }
    }

    /**
     * Refused by the {@code limit} of {@code scope}, whose value is {@code value}.
     *
     * @param retryAt when the request would fit, if nothing else is admitted meanwhile; empty when waiting cannot
     *                help (the request's estimate alone is more than the scope's tokens per minute)
     */
    public record Refused(Scope scope, LimitKind limit, long value, Optional<Instant> retryAt) implements Admission {
        public Refused {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(limit, "limit");
            Objects.requireNonNull(retryAt, "retryAt");
        }

        /** For the client: the scope and the limit, e.g. {@code project p1 is at its limit of 10 requests per minute}. */
        public String message(long estimatedTokens) {
            if (retryAt.isEmpty()) {
                return "This request (an estimated " + estimatedTokens + " tokens) is larger than " + scope + "'s limit of "
                        + limit.describe(value) + ".";
            }
            return scope + " is at its limit of " + limit.describe(value) + ".";
        }
    }

    /**
     * One admitted request's places in its scopes. Settled once: the first {@link #settle} gives the places back
     * and books the real tokens; later calls do nothing.
     */
    public final class Ticket {
        private final List<Usage> usages;
        private final long estimate;
        private boolean settled;

        private Ticket(List<Usage> usages, long estimate) {
            this.usages = usages;
            this.estimate = estimate;
        }

        /**
         * Frees the request's concurrency places and replaces its reserved estimate by {@code actualTokens}, which
         * count for a minute from {@code now}. Returns whether this call settled it (false when it was already).
         */
        public boolean settle(long actualTokens, Instant now) {
            synchronized (LimitBook.this) {
                if (settled) {
                    return false;
                }
                settled = true;
                Instant at = advance(now);
                long used = Math.max(0, actualTokens);
                for (Usage usage : usages) {
                    usage.inFlight--;
                    usage.reserved -= estimate;
                    if (used > 0) {
                        usage.spent.addLast(new Spent(at, used));
                        usage.spentSum += used;
                    }
                }
                return true;
            }
        }

        public long estimate() {
            return estimate;
        }
    }

    private record Spent(Instant at, long tokens) {
    }

    /** What one scope holds: requests of the last minute, requests in flight, and tokens reserved and settled. */
    private static final class Usage {
        private final Deque<Instant> requests = new ArrayDeque<>();
        private final Deque<Spent> spent = new ArrayDeque<>();
        private long spentSum;
        private long reserved;
        private int inFlight;

        void forget(Instant now) {
            while (!requests.isEmpty() && !requests.peekFirst().plus(WINDOW).isAfter(now)) {
                requests.removeFirst();
            }
            while (!spent.isEmpty() && !spent.peekFirst().at().plus(WINDOW).isAfter(now)) {
                spentSum -= spent.removeFirst().tokens();
            }
        }

        boolean idle() {
            return requests.isEmpty() && spent.isEmpty() && inFlight == 0 && reserved == 0;
        }

        Optional<Refused> refusal(Limits limits, long estimate, Instant now) {
            Scope scope = limits.scope();
            if (limits.rpm().isPresent() && requests.size() >= limits.rpm().getAsInt()) {
                int rpm = limits.rpm().getAsInt();
                return Optional.of(new Refused(scope, LimitKind.RPM, rpm, Optional.of(nthOldest(requests.size() - rpm)
                        .plus(WINDOW))));
            }
            if (limits.tpm().isPresent()) {
                long tpm = limits.tpm().getAsLong();
                if (estimate > tpm) {
                    return Optional.of(new Refused(scope, LimitKind.TPM, tpm, Optional.empty()));
                }
                long excess = reserved + spentSum + estimate - tpm;
                if (excess > 0) {
                    return Optional.of(new Refused(scope, LimitKind.TPM, tpm, Optional.of(whenFreed(excess, now))));
                }
            }
            if (limits.concurrency().isPresent() && inFlight >= limits.concurrency().getAsInt()) {
                return Optional.of(new Refused(scope, LimitKind.CONCURRENCY, limits.concurrency().getAsInt(),
                        Optional.of(now.plus(SOON))));
            }
            return Optional.empty();
        }

        private Instant nthOldest(int n) {
            Iterator<Instant> it = requests.iterator();
            for (int i = 0; i < n; i++) {
                it.next();
            }
            return it.next();
        }

        /** When enough settled tokens leave the window to free {@code excess}; soon, if only reservations block. */
        private Instant whenFreed(long excess, Instant now) {
            long freed = 0;
            for (Spent s : spent) {
                freed += s.tokens();
                if (freed >= excess) {
                    return s.at().plus(WINDOW);
                }
            }
            return now.plus(SOON);
        }
    }

    private final Map<Scope, Usage> usages = new HashMap<>();
    private Instant clock = Instant.MIN;

    /**
     * Admits a request that belongs to the scopes of {@code limits} (one entry per scope; a scope without limits
     * is passed with empty values, so that it is counted) and is estimated to use {@code estimatedTokens}: all of
     * the scopes have room and it takes a place in each, or none has changed and the first limit in the way is named.
     */
    public synchronized Admission admit(List<Limits> limits, long estimatedTokens, Instant now) {
        Instant at = advance(now);
        long estimate = Math.max(0, estimatedTokens);
        Map<Scope, Usage> touched = new LinkedHashMap<>();
        for (Limits scopeLimits : limits) {
            Usage usage = usages.computeIfAbsent(scopeLimits.scope(), s -> new Usage());
            usage.forget(at);
            touched.put(scopeLimits.scope(), usage);
            Optional<Refused> refused = usage.refusal(scopeLimits, estimate, at);
            if (refused.isPresent()) {
                dropIdle(touched);
                return refused.get();
            }
        }
        for (Usage usage : touched.values()) {
            usage.requests.addLast(at);
            usage.inFlight++;
            usage.reserved += estimate;
        }
        return new Admitted(new Ticket(new ArrayList<>(touched.values()), estimate));
    }

    /** The requests admitted for {@code scope} in the minute before {@code now}. */
    public synchronized int requestsInWindow(Scope scope, Instant now) {
        return peek(scope, now).map(u -> u.requests.size()).orElse(0);
    }

    /** The tokens {@code scope} holds at {@code now}: estimates not settled yet, and what was settled in the last minute. */
    public synchronized long tokensInWindow(Scope scope, Instant now) {
        return peek(scope, now).map(u -> u.reserved + u.spentSum).orElse(0L);
    }

    /** The requests of {@code scope} admitted and not settled yet. */
    public synchronized int inFlight(Scope scope) {
        return Optional.ofNullable(usages.get(scope)).map(u -> u.inFlight).orElse(0);
    }

    private Optional<Usage> peek(Scope scope, Instant now) {
        Usage usage = usages.get(scope);
        if (usage != null) {
            usage.forget(advance(now));
        }
        return Optional.ofNullable(usage);
    }

    /** Scopes that hold nothing are dropped, so that the book does not grow with every key ever seen. */
    private void dropIdle(Map<Scope, Usage> touched) {
        touched.forEach((scope, usage) -> {
            if (usage.idle()) {
                usages.remove(scope);
            }
        });
    }

    private Instant advance(Instant now) {
        if (now.isAfter(clock)) {
            clock = now;
        }
        return clock;
    }
}
