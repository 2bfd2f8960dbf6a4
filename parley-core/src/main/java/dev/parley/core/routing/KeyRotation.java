package dev.parley.core.routing;

import dev.parley.core.config.ProviderConfig;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Spreads a provider's traffic over its upstream keys in turn, so one key's rate limit is not hit first, and keeps
 * a rate-limited key out of turn until its cool-down ends and a refused key out for good (until restart). Shared by
 * every event loop, hence the concurrent maps; the time is always the caller's.
 */
public final class KeyRotation {

    private final ConcurrentHashMap<String, AtomicInteger> cursors = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<KeyId, Instant> coolingUntil = new ConcurrentHashMap<>();
    private final Set<KeyId> dead = ConcurrentHashMap.newKeySet();

    /** Keys are told apart by provider name and position: the provider's record is the same for its whole life. */
    private record KeyId(String provider, int index) {
        static KeyId of(KeySlot slot) {
            return new KeyId(slot.provider().name(), slot.index());
        }
    }

    /** Whether the provider has a usable key at {@code now} outside {@code avoid}; moves no turn. */
    public boolean hasUsable(ProviderConfig provider, Instant now, Set<KeySlot> avoid) {
        for (int i = 0; i < KeySlot.count(provider); i++) {
            KeySlot slot = new KeySlot(provider, i);
            if (usable(slot, now) && !avoid.contains(slot)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The next usable key of the provider at {@code now}, preferring one not in {@code avoid} (the keys this request
     * already tried); empty when every key is cooling down or dead.
     */
    public Optional<KeySlot> next(ProviderConfig provider, Instant now, Set<KeySlot> avoid) {
        int count = KeySlot.count(provider);
        int start = turn(provider);
        Optional<KeySlot> fallback = Optional.empty();
        for (int i = 0; i < count; i++) {
            KeySlot slot = new KeySlot(provider, Math.floorMod(start + i, count));
            if (!usable(slot, now)) {
                continue;
            }
            if (!avoid.contains(slot)) {
                return Optional.of(slot);
            }
            if (fallback.isEmpty()) {
                fallback = Optional.of(slot);
            }
        }
        return fallback;
    }

    public boolean usable(KeySlot slot, Instant now) {
        KeyId id = KeyId.of(slot);
        if (dead.contains(id)) {
            return false;
        }
        Instant until = coolingUntil.get(id);
        return until == null || !now.isBefore(until);
    }

    /** Where the key stands at {@code now}, for an operator's eyes. */
    public KeyState state(KeySlot slot, Instant now) {
        KeyId id = KeyId.of(slot);
        if (dead.contains(id)) {
            return new KeyState.Refused();
        }
        Instant until = coolingUntil.get(id);
        return until == null || !now.isBefore(until) ? new KeyState.Usable() : new KeyState.Cooling(until);
    }

    /** Takes the key out of turn until {@code until}; a later cool-down already in force is kept. */
    public void coolDown(KeySlot slot, Instant until) {
        coolingUntil.merge(KeyId.of(slot), until, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Takes the key out of turn for good: the provider refused it, and asking again costs a round trip each time. */
    public void kill(KeySlot slot) {
        dead.add(KeyId.of(slot));
    }

    /** When the first of the provider's cooling keys comes back; empty if none is cooling (all usable or dead). */
    public Optional<Instant> availableAgain(ProviderConfig provider, Instant now) {
        Optional<Instant> earliest = Optional.empty();
        for (int i = 0; i < KeySlot.count(provider); i++) {
            KeyId id = new KeyId(provider.name(), i);
            Instant until = coolingUntil.get(id);
            if (dead.contains(id) || until == null || !now.isBefore(until)) {
                continue;
            }
            if (earliest.isEmpty() || until.isBefore(earliest.get())) {
                earliest = Optional.of(until);
            }
        }
        return earliest;
    }

    private int turn(ProviderConfig provider) {
        int turn = cursors.computeIfAbsent(provider.name(), n -> new AtomicInteger()).getAndIncrement();
        return Math.floorMod(turn, KeySlot.count(provider));
    }
}
