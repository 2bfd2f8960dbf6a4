package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import java.util.List;
import java.util.Objects;

/**
 * A model as clients see it.
 *
 * @param name what clients put in {@code model}
 * @param routes where requests for it can go; at least one
 */
public record ModelConfig(String name, List<RouteConfig> routes) {

    public ModelConfig {
        Objects.requireNonNull(name, "name");
        routes = List.copyOf(routes);
        check(!name.isBlank(), "model name cannot be blank");
        check(!routes.isEmpty(), "a model needs at least one route");
    }
}
