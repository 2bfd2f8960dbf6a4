package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import java.time.Duration;
import java.util.Objects;

/**
 * A provider's scheduled health check: a cheap call that generates nothing (its model list), made only while one
 * of its channels has an open circuit, so that a provider back on its feet is tried again before its cool-off ends.
 *
 * @param interval the time between two checks
 */
public record HealthCheck(Duration interval) {

    public HealthCheck {
        Objects.requireNonNull(interval, "interval");
        check(interval.isPositive(), "interval must be positive");
    }
}
