package dev.parley.core.routing;

import dev.parley.core.config.ProviderConfig;
import dev.parley.core.config.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * One of a provider's upstream keys, by position. A provider that takes no key (a local server) has one slot,
 * without a secret, so that it can still cool down like any other.
 */
public record KeySlot(ProviderConfig provider, int index) {

    public KeySlot {
        Objects.requireNonNull(provider, "provider");
        if (index < 0 || index >= Math.max(1, provider.keys().size())) {
            throw new IllegalArgumentException("no key " + index + " for provider " + provider.name());
        }
    }

    public Optional<Secret> secret() {
        return provider.keys().isEmpty() ? Optional.empty() : Optional.of(provider.keys().get(index));
    }

    static int count(ProviderConfig provider) {
        return Math.max(1, provider.keys().size());
    }

    /** For logs: the provider and the key's position, never the key. */
    @Override
    public String toString() {
        return provider.name() + "#key" + (index + 1);
    }
}
