package dev.parley.core.routing;

import dev.parley.core.config.ProviderConfig;
import dev.parley.core.config.Secret;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

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

    /** Every key slot of the provider, in order. */
    public static List<KeySlot> all(ProviderConfig provider) {
        return IntStream.range(0, count(provider)).mapToObj(i -> new KeySlot(provider, i)).toList();
    }

    /** The key's position as an operator counts, from 1. */
    public int position() {
        return index + 1;
    }

    static int count(ProviderConfig provider) {
        return Math.max(1, provider.keys().size());
    }

    /**
     * Slots are looked up on every attempt (the keys tried, the keys cooling down); the record's own hash would walk
     * the whole provider configuration, every key, header and timeout, each time. Equal slots have equal provider
     * names and positions, so the hash agrees with equality, which is the record's, checked by identity first.
     */
    @Override
    public int hashCode() {
        return 31 * provider.name().hashCode() + index;
    }

    @Override
    public boolean equals(Object other) {
        return this == other
                || other instanceof KeySlot slot && index == slot.index && provider.equals(slot.provider);
    }

    /** For logs: the provider and the key's position, never the key. */
    @Override
    public String toString() {
        return provider.name() + "#key" + position();
    }
}
