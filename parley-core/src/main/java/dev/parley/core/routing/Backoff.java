package dev.parley.core.routing;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter (a uniformly random wait up to {@code base × 2^(retry-1)}, capped), so that
 * many requests failing together do not come back together. A provider's Retry-After wins when it is longer.
 */
public record Backoff(Duration base, Duration cap) {

    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || cap.isNegative()) {
            throw new IllegalArgumentException("backoff delays cannot be negative");
        }
    }

    /**
     * @param retry 1 for the wait before the second attempt, 2 before the third, ...
     * @param retryAfter what the provider asked for, if it did
     */
    public Duration delay(int retry, Optional<Duration> retryAfter, RandomGenerator random) {
        long ceiling = ceiling(retry).toMillis();
        Duration jittered = Duration.ofMillis(ceiling <= 0 ? 0 : random.nextLong(ceiling + 1));
        return retryAfter.filter(after -> after.compareTo(jittered) > 0).orElse(jittered);
    }

    /**
     * The longest wait before retry number {@code retry}: {@code base × 2^(retry-1)}, capped. Also how long a key
     * that answered 429 without a Retry-After sits out: the same backoff, without the jitter, since the key is
     * shared by every request and the jitter's short draws would send them all back at once.
     */
    public Duration ceiling(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry counts from 1: " + retry);
        }
        long baseMillis = base.toMillis();
        long ceiling = cap.toMillis();
        // Doubling stops before the long would overflow; the cap is reached long before that in any real config.
        if (baseMillis == 0) {
            ceiling = 0;
        } else if (retry - 1 < Long.numberOfLeadingZeros(baseMillis) - 1) {
            ceiling = Math.min(ceiling, baseMillis << (retry - 1));
        }
        return Duration.ofMillis(ceiling);
    }
}
