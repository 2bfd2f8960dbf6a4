package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import java.time.Duration;
import java.util.Objects;

/**
 * How requests wait when every key that could serve them is rate limited (cooling down after a 429, or at a limit
 * its provider announced or {@code rpm} sets), instead of failing at once.
 *
 * @param maxDepth how many requests may wait at once, over every model; more are refused with a 429 at once
 * @param maxWait the longest any request waits (a client may ask for less); 0 turns waiting off
 */
public record QueueSettings(int maxDepth, Duration maxWait) {

    public static final int DEFAULT_MAX_DEPTH = 1_000;
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(60);
    public static final int MAX_MAX_DEPTH = 1_000_000;
    /** Longer than any client keeps a request open; a typo of 60m for 60s should not hold requests for an hour. */
    public static final Duration MAX_MAX_WAIT = Duration.ofMinutes(10);

    public static final QueueSettings DEFAULTS = new QueueSettings(DEFAULT_MAX_DEPTH, DEFAULT_MAX_WAIT);

    public QueueSettings {
        Objects.requireNonNull(maxWait, "maxWait");
        check(maxDepth >= 1 && maxDepth <= MAX_MAX_DEPTH, "maxDepth must be from 1 to " + MAX_MAX_DEPTH);
        check(!maxWait.isNegative() && maxWait.compareTo(MAX_MAX_WAIT) <= 0, "maxWait must be from 0 to 10m");
    }

    public boolean enabled() {
        return maxWait.isPositive();
    }
}
