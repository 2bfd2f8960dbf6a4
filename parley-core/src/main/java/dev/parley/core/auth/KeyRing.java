package dev.parley.core.auth;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The virtual keys Parley accepts, indexed by their HMAC so that the plain keys need not be kept. */
public final class KeyRing {

    private final KeyHasher hasher;
    private final Map<String, VirtualKey> byHash;

    private KeyRing(KeyHasher hasher, Map<String, VirtualKey> byHash) {
        this.hasher = hasher;
        this.byHash = Map.copyOf(byHash);
    }

    public static Builder builder(KeyHasher hasher) {
        return new Builder(hasher);
    }

    /** The key a client presented, if Parley knows it. */
    public Optional<VirtualKey> authenticate(String presented) {
        if (presented.isEmpty()) {
            return Optional.empty();
        }
        return byHash(hasher.hash(presented));
    }

    /** The key whose hash ({@link KeyHasher#hash}) is {@code hash}, for a caller that has hashed the key already. */
    public Optional<VirtualKey> byHash(String hash) {
        return Optional.ofNullable(byHash.get(hash));
    }

    /** The key named {@code name}, for work Parley runs on a key's behalf (a configured key's batch). */
    public Optional<VirtualKey> byName(String name) {
        return byHash.values().stream().filter(key -> key.name().equals(name)).findFirst();
    }

    /** The hasher keys are looked up with, for keys kept elsewhere (the store's virtual keys). */
    public KeyHasher hasher() {
        return hasher;
    }

    public int size() {
        return byHash.size();
    }

    /** Collects keys; the plain key is hashed at once and dropped. */
    public static final class Builder {
        private final KeyHasher hasher;
        private final Map<String, VirtualKey> byHash = new HashMap<>();

        private Builder(KeyHasher hasher) {
            this.hasher = hasher;
        }

        public Builder add(String plainKey, VirtualKey key) {
            if (byHash.putIfAbsent(hasher.hash(plainKey), key) != null) {
                throw new IllegalArgumentException("two virtual keys have the same value: " + key.name());
            }
            return this;
        }

        public KeyRing build() {
            return new KeyRing(hasher, byHash);
        }
    }
}
