package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import java.util.Objects;

/**
 * One way to serve a model: a provider and the provider's name for it. Routes with the lowest {@code priority}
 * are tried first; routes of equal priority share the traffic in proportion to {@code weight} (a weight of 0 keeps
 * a route for failover only).
 */
public record RouteConfig(String provider, String model, int weight, int priority) {

    public static final int DEFAULT_WEIGHT = 1;
    public static final int DEFAULT_PRIORITY = 0;

    public RouteConfig {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        check(!provider.isBlank(), "provider cannot be blank");
        check(!model.isBlank(), "model cannot be blank");
        check(weight >= 0, "weight cannot be negative");
        check(priority >= 0, "priority cannot be negative");
    }
}
