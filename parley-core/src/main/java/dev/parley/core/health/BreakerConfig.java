package dev.parley.core.health;

import java.time.Duration;
import java.util.Objects;

/**
 * When a channel's circuit opens and for how long.
 *
 * @param consecutiveFailures failures in a row that open the circuit
 * @param failureRate the failure share (0..1] of recent calls that opens the circuit...
 * @param minimumCalls ...once at least this many (decayed) calls are in the window, so two early failures
 *     out of three do not count as an outage
 * @param windowHalfLife how quickly old outcomes fade from the failure rate
 * @param baseCoolOff how long the first trip keeps the circuit open
 * @param maxCoolOff the cap on the cool-off, which doubles on each trip in a row
 * @param tripMemory how long a circuit must stay closed before the next trip is counted as a first one again
 * @param probeTimeout how long a half-open probe may stay unanswered before another request may probe; guards
 *     against a probe whose outcome is never reported
 */
public record BreakerConfig(
        int consecutiveFailures,
        double failureRate,
        int minimumCalls,
        Duration windowHalfLife,
        Duration baseCoolOff,
        Duration maxCoolOff,
        Duration tripMemory,
        Duration probeTimeout) {

    public static final BreakerConfig DEFAULTS = new BreakerConfig(5, 0.5, 20, Duration.ofSeconds(30),
            Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(120));

    public BreakerConfig {
        Objects.requireNonNull(windowHalfLife, "windowHalfLife");
        Objects.requireNonNull(baseCoolOff, "baseCoolOff");
        Objects.requireNonNull(maxCoolOff, "maxCoolOff");
        Objects.requireNonNull(tripMemory, "tripMemory");
        Objects.requireNonNull(probeTimeout, "probeTimeout");
        if (consecutiveFailures < 1 || minimumCalls < 1) {
            throw new IllegalArgumentException("consecutiveFailures and minimumCalls must be at least 1");
        }
        if (!(failureRate > 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("failureRate must be in (0, 1]");
        }
        if (!windowHalfLife.isPositive() || !baseCoolOff.isPositive() || !probeTimeout.isPositive()) {
            throw new IllegalArgumentException("windowHalfLife, baseCoolOff and probeTimeout must be positive");
        }
        if (maxCoolOff.compareTo(baseCoolOff) < 0) {
            throw new IllegalArgumentException("maxCoolOff cannot be shorter than baseCoolOff");
        }
        if (tripMemory.isNegative()) {
            throw new IllegalArgumentException("tripMemory cannot be negative");
        }
    }
}
