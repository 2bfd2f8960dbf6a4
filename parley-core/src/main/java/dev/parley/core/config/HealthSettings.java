package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import java.time.Duration;
import java.util.Objects;

/**
 * When a channel's circuit breaker opens and for how long, and how quickly its live statistics forget.
 *
 * @param consecutiveFailures failures in a row that open a channel's circuit
 * @param failureRate the share of recent calls failing, in (0, 1], that opens it...
 * @param minimumCalls ...once at least this many recent calls count, so two early failures are not an outage
 * @param window the half-life of an outcome in the failure and success rates
 * @param baseCoolOff how long the first trip keeps a circuit open; it doubles for each trip in a row
 * @param maxCoolOff the cap on that doubling
 * @param probeTimeout how long a half-open circuit's one live probe may go unanswered before another request probes
 * @param latencyHalfLife the half-life of a time-to-first-byte sample in a channel's latency average
 */
public record HealthSettings(int consecutiveFailures, double failureRate, int minimumCalls, Duration window,
                             Duration baseCoolOff, Duration maxCoolOff, Duration probeTimeout,
                             Duration latencyHalfLife) {

    public static final int DEFAULT_CONSECUTIVE_FAILURES = 5;
    public static final double DEFAULT_FAILURE_RATE = 0.5;
    public static final int DEFAULT_MINIMUM_CALLS = 10;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);
    public static final Duration DEFAULT_BASE_COOL_OFF = Duration.ofSeconds(5);
    public static final Duration DEFAULT_MAX_COOL_OFF = Duration.ofMinutes(5);
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_LATENCY_HALF_LIFE = Duration.ofSeconds(10);

    public static final HealthSettings DEFAULTS = new HealthSettings(DEFAULT_CONSECUTIVE_FAILURES,
            DEFAULT_FAILURE_RATE, DEFAULT_MINIMUM_CALLS, DEFAULT_WINDOW, DEFAULT_BASE_COOL_OFF, DEFAULT_MAX_COOL_OFF,
            DEFAULT_PROBE_TIMEOUT, DEFAULT_LATENCY_HALF_LIFE);

    public HealthSettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(baseCoolOff, "baseCoolOff");
        Objects.requireNonNull(maxCoolOff, "maxCoolOff");
        Objects.requireNonNull(probeTimeout, "probeTimeout");
        Objects.requireNonNull(latencyHalfLife, "latencyHalfLife");
        check(consecutiveFailures >= 1, "consecutiveFailures must be at least 1");
        check(failureRate > 0 && failureRate <= 1, "failureRate must be in (0, 1]");
        check(minimumCalls >= 1, "minimumCalls must be at least 1");
        check(window.isPositive() && baseCoolOff.isPositive() && probeTimeout.isPositive()
                && latencyHalfLife.isPositive(), "durations must be positive");
        check(maxCoolOff.compareTo(baseCoolOff) >= 0, "maxCoolOff must be at least baseCoolOff");
    }
}
