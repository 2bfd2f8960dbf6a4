package dev.parley.core.health;

import java.time.Duration;
import java.util.Objects;

/**
 * How quickly a channel's statistics forget.
 *
 * @param latencyHalfLife how long until a latency sample counts half as much as a fresh one
 * @param windowHalfLife how long until an outcome counts half as much in the success rate
 * @param initialLatency the latency assumed before the first sample, so that an untried channel is neither
 *     ignored nor flooded
 */
public record HealthConfig(Duration latencyHalfLife, Duration windowHalfLife, Duration initialLatency) {

    public static final HealthConfig DEFAULTS =
            new HealthConfig(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMillis(500));

    public HealthConfig {
        Objects.requireNonNull(latencyHalfLife, "latencyHalfLife");
        Objects.requireNonNull(windowHalfLife, "windowHalfLife");
        Objects.requireNonNull(initialLatency, "initialLatency");
        if (!latencyHalfLife.isPositive() || !windowHalfLife.isPositive()) {
            throw new IllegalArgumentException("half-lives must be positive");
        }
        if (!initialLatency.isPositive()) {
            throw new IllegalArgumentException("initialLatency must be positive");
        }
    }
}
