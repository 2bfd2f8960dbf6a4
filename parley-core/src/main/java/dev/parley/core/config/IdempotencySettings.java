package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import java.time.Duration;
import java.util.Objects;

/**
 * How requests sent with an {@code Idempotency-Key} are remembered ({@code idempotency}).
 *
 * @param window  how long a key's result is kept and replayed; a key used again after it runs afresh
 * @param maxWait the longest a duplicate waits for the first request of its key to finish before it is told the
 *                request is still in progress
 * @param lease   how long a request in progress holds its key: past it (its Parley was killed, say) a duplicate
 *                may run it again; longer than any request runs
 */
public record IdempotencySettings(Duration window, Duration maxWait, Duration lease) {

    public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    public static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(15);
    public static final Duration MAX_WINDOW = Duration.ofDays(30);

    public static final IdempotencySettings DEFAULTS = new IdempotencySettings(DEFAULT_WINDOW, DEFAULT_WAIT,
            DEFAULT_LEASE);

    public IdempotencySettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(lease, "lease");
        check(window.compareTo(Duration.ofMinutes(1)) >= 0 && window.compareTo(MAX_WINDOW) <= 0,
                "window must be from 1m to 30d");
        check(!maxWait.isNegative(), "maxWait must not be negative");
        check(lease.isPositive() && lease.compareTo(window) <= 0, "lease must be positive and at most the window");
    }
}
