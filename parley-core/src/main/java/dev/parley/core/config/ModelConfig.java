package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A model as clients see it.
 *
 * @param name what clients put in {@code model}
 * @param routes where requests for it can go; at least one
 * @param fallbacks other configured models, in order, that serve its requests when none of its own channels can
 *     (every key cooling down or refused, attempts failing) or the request is too long for it
 * @param retries this model's own retry settings, when they differ from the top-level ones
 * @param timeouts the {@code timeouts} keys this model sets, over its providers' and the top-level ones
 */
public record ModelConfig(String name, List<RouteConfig> routes, List<String> fallbacks,
                          Optional<RetrySettings> retries, TimeoutOverrides timeouts) {

    public ModelConfig {
        Objects.requireNonNull(name, "name");
        routes = List.copyOf(routes);
        fallbacks = List.copyOf(fallbacks);
        Objects.requireNonNull(retries, "retries");
        Objects.requireNonNull(timeouts, "timeouts");
        check(!fallbacks.contains(name), "a model cannot be its own fallback");
        check(!name.isBlank(), "model name cannot be blank");
        check(!routes.isEmpty(), "a model needs at least one route");
    }

    /** A model that inherits every timeout. */
    public ModelConfig(String name, List<RouteConfig> routes, List<String> fallbacks, Optional<RetrySettings> retries) {
        this(name, routes, fallbacks, retries, TimeoutOverrides.NONE);
    }

    /** A model without fallbacks, retried and timed as the top-level settings say. */
    public ModelConfig(String name, List<RouteConfig> routes) {
        this(name, routes, List.of(), Optional.empty());
    }
}
