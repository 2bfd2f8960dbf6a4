package dev.parley.core.batch;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one try of an item means, from the answer Parley gave it. A success is the item's result. A refusal that
 * waiting cures is tried again later, and is never the item's result: a rate limit (429, but not an exhausted
 * quota), Parley unavailable before any provider was tried (shutting down, every circuit open, its Redis away), or
 * the request not reaching Parley at all. Anything else is the item's result as a failure: Parley has already
 * retried and failed it over as far as its configuration allows.
 */
public sealed interface ItemVerdict {

    /** The longest a refused item waits before its next try. */
    Duration MAX_DELAY = Duration.ofMinutes(5);
    /** The wait after a refusal that names none, doubled per earlier try up to a minute. */
    Duration FIRST_DELAY = Duration.ofSeconds(1);

    record Succeeded() implements ItemVerdict {}

    record Failed() implements ItemVerdict {}

    record RetryLater(Duration after) implements ItemVerdict {
        public RetryLater {
            Objects.requireNonNull(after, "after");
        }
    }

    /**
     * @param reachedParley  whether Parley answered (its request id came back) rather than the connection failing
     * @param errorType      the OpenAI error body's {@code error.type}, if any
     * @param retryAfter     the answer's {@code Retry-After}
     * @param providerTried  whether any provider was sent the request
     * @param tries          how often the item was tried, this one included
     */
    static ItemVerdict of(int status, boolean reachedParley, Optional<String> errorType, Optional<Duration> retryAfter,
                          boolean providerTried, int tries) {
        if (!reachedParley) {
            return new RetryLater(backoff(tries));
        }
        if (status / 100 == 2) {
            return new Succeeded();
        }
        boolean rateLimited = status == 429 && !errorType.filter("insufficient_quota"::equals).isPresent();
        boolean unavailable = status == 503 && !providerTried;
        if (rateLimited || unavailable) {
            return new RetryLater(retryAfter.filter(d -> !d.isNegative() && !d.isZero())
                    .map(d -> d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d).orElseGet(() -> backoff(tries)));
        }
        return new Failed();
    }

    private static Duration backoff(int tries) {
        int doublings = Math.clamp(tries - 1, 0, 6);
        return FIRST_DELAY.multipliedBy(1L << doublings);
    }
}
