package dev.parley.core.routing;

import dev.parley.core.config.ProviderConfig;
import dev.parley.core.config.TimeoutOverrides;
import dev.parley.core.config.Timeouts;
import java.util.Objects;
import java.util.Optional;

/**
 * One way to serve a model: a provider and the model's name there, with its share of traffic, its tier, and how
 * long an attempt on it may take (the model's timeouts over its provider's over the top-level ones).
 */
public record Channel(ProviderConfig provider, String upstreamModel, int weight, int priority, Timeouts timeouts) {
    public Channel {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(upstreamModel, "upstreamModel");
        Objects.requireNonNull(timeouts, "timeouts");
    }

    /** Where the channel's provider keeps data, when its configuration says: what region access rules match. */
    public Optional<String> region() {
        return provider.region();
    }

    /** A channel timed by its provider's timeouts over the defaults. */
    public Channel(ProviderConfig provider, String upstreamModel, int weight, int priority) {
        this(provider, upstreamModel, weight, priority,
                Timeouts.resolve(Timeouts.DEFAULTS, provider.timeouts(), TimeoutOverrides.NONE));
    }
}
