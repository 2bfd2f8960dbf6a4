package dev.parley.core.routing;

import dev.parley.core.config.ProviderConfig;
import java.util.Objects;

/** One way to serve a model: a provider and the model's name there, with its share of traffic and its tier. */
public record Channel(ProviderConfig provider, String upstreamModel, int weight, int priority) {
    public Channel {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(upstreamModel, "upstreamModel");
    }
}
