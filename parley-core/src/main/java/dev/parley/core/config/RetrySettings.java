package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import java.time.Duration;
import java.util.Objects;

/**
 * How a request is retried, or failed over to another channel, while nothing has been sent to its client yet.
 *
 * @param maxAttempts upstream attempts per request, the first included; 1 turns retries and failover off
 * @param baseDelay the backoff before the second attempt is drawn from [0, baseDelay]; it doubles per attempt
 * @param maxDelay the cap on one backoff (a provider's longer Retry-After is still honoured, within the deadline)
 * @param deadline how long after arrival a request may still start a new attempt
 * @param budgetPercent retries may add at most this share of the requests (over the last 10 s, beyond a small
 *     reserve), so that an outage does not turn into a retry storm
 */
public record RetrySettings(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration deadline,
                            int budgetPercent) {

    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(250);
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(120);
    public static final int DEFAULT_BUDGET_PERCENT = 20;
    public static final int MAX_BUDGET_PERCENT = 1_000;
    /** A bound so that a typo cannot turn one request into an outage's worth of load. */
    public static final int MAX_MAX_ATTEMPTS = 10;

    public static final RetrySettings DEFAULTS =
            new RetrySettings(DEFAULT_MAX_ATTEMPTS, DEFAULT_BASE_DELAY, DEFAULT_MAX_DELAY, DEFAULT_DEADLINE,
                    DEFAULT_BUDGET_PERCENT);

    public RetrySettings {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(deadline, "deadline");
        check(maxAttempts >= 1 && maxAttempts <= MAX_MAX_ATTEMPTS, "maxAttempts must be from 1 to " + MAX_MAX_ATTEMPTS);
        check(!baseDelay.isNegative(), "baseDelay cannot be negative");
        check(maxDelay.compareTo(baseDelay) >= 0, "maxDelay must be at least baseDelay");
        check(deadline.isPositive(), "deadline must be positive");
        check(budgetPercent >= 0 && budgetPercent <= MAX_BUDGET_PERCENT,
                "budgetPercent must be from 0 to " + MAX_BUDGET_PERCENT);
    }

    public boolean enabled() {
        return maxAttempts > 1;
    }
}
