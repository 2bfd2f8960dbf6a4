package dev.parley.server;

import dev.parley.core.auth.KeyRing;
import dev.parley.core.auth.ModelAccess;
import dev.parley.core.auth.VirtualKey;
import dev.parley.core.config.Secret;
import dev.parley.core.tenancy.Attribution;
import dev.parley.core.tenancy.KeyRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides who a presented credential belongs to: a key from the configuration file, a key from the store (through
 * the {@link Directory}'s snapshot, so a revoked or expired key is refused at once), or the master key, which may
 * also call models so that an operator can try Parley before creating any key.
 */
final class Authenticator {

    static final String MASTER = "master";
    private final KeyRing keys;
    private final Directory directory;
    private final Optional<byte[]> masterKey;
    private final Optional<String> masterHash;

    Authenticator(KeyRing keys, Directory directory, Optional<Secret> masterKey) {
        this.keys = keys;
        this.directory = directory;
        this.masterKey = masterKey.map(s -> s.value().getBytes(StandardCharsets.UTF_8));
        this.masterHash = masterKey.map(s -> keys.hasher().hash(s.value()));
    }

    Optional<VirtualKey> authenticate(String presented, Instant now) {
        if (presented.isEmpty()) {
            return Optional.empty();
        }
        // One HMAC per request: the same hash finds a configured key and a store key.
        String hash = keys.hasher().hash(presented);
        Optional<VirtualKey> key = keys.byHash(hash);
        if (key.isPresent()) {
            return key;
        }
        Optional<KeyRecord> stored = storedByHash(hash, now);
        if (stored.isPresent()) {
            // The store key's access rules are checked with its project's and team's when the request is admitted.
            KeyRecord record = stored.get();
            return Optional.of(new VirtualKey(record.name(), ModelAccess.ALL, Attribution.of(record)));
        }
        return isMaster(presented) ? Optional.of(new VirtualKey(MASTER, ModelAccess.ALL)) : Optional.empty();
    }

    /**
     * The key an internal request ({@link InternalCalls}) runs as: {@code presented} must be this process's token,
     * and {@code scope} names an active store key ({@code key:<id>}), a configured key ({@code name:<name>}) or, while
     * one is configured, the master key ({@code name:master}, unless a configured key has that name).
     */
    Optional<VirtualKey> internal(InternalCalls internal, String presented, String scope, Instant now) {
        if (!internal.presents(presented)) {
            return Optional.empty();
        }
        if (scope.startsWith("key:")) {
            return directory.snapshot().key(scope.substring(4)).filter(k -> k.activeAt(now))
                    .map(record -> new VirtualKey(record.name(), ModelAccess.ALL, Attribution.of(record)));
        }
        if (!scope.startsWith("name:")) {
            return Optional.empty();
        }
        String name = scope.substring(5);
        return keys.byName(name).or(() -> name.equals(MASTER) && masterKey.isPresent()
                ? Optional.of(new VirtualKey(MASTER, ModelAccess.ALL)) : Optional.empty());
    }

    /** The store's key the presented one is, when it is active at {@code now}. */
    Optional<KeyRecord> storedKey(String presented, Instant now) {
        return presented.isEmpty() ? Optional.empty() : storedByHash(keys.hasher().hash(presented), now);
    }

    private Optional<KeyRecord> storedByHash(String hash, Instant now) {
        return directory.snapshot().keyByHash(hash).filter(k -> k.activeAt(now));
    }

    /** The master key as the hasher hashes it: what a dashboard session of the master key is bound to. */
    Optional<String> masterHash() {
        return masterHash;
    }

    /** Whether the presented key is the master key, not a virtual key that happens to be named like it. */
    boolean isMaster(String presented) {
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        // Constant-time: the master key is compared directly, not through a hash-map lookup.
        return masterKey.map(m -> MessageDigest.isEqual(m, candidate)).orElse(false);
    }
}
