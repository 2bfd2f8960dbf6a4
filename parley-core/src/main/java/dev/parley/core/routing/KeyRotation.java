package dev.parley.core.routing;

import dev.parley.core.config.ProviderConfig;
import dev.parley.core.config.Secret;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Spreads a provider's traffic over its upstream keys in turn, so one key's rate limit is not hit first. */
public final class KeyRotation {

    private final ConcurrentHashMap<String, AtomicInteger> cursors = new ConcurrentHashMap<>();

    /** The next key of the provider, or empty for a provider that takes none (a local server). */
    public Optional<Secret> next(ProviderConfig provider) {
        if (provider.keys().isEmpty()) {
            return Optional.empty();
        }
        int turn = cursors.computeIfAbsent(provider.name(), n -> new AtomicInteger()).getAndIncrement();
        return Optional.of(provider.keys().get(Math.floorMod(turn, provider.keys().size())));
    }
}
