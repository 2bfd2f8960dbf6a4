package dev.parley.server;

import dev.parley.core.auth.KeyRing;
import dev.parley.core.auth.ModelAccess;
import dev.parley.core.auth.VirtualKey;
import dev.parley.core.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Decides who a presented credential belongs to: a virtual key from the key ring, or the master key, which
 * may also call models so that an operator can try Parley before creating any key.
 */
final class Authenticator {

    static final String MASTER = "master";
    private final KeyRing keys;
    private final Optional<byte[]> masterKey;

    Authenticator(KeyRing keys, Optional<Secret> masterKey) {
        this.keys = keys;
        this.masterKey = masterKey.map(s -> s.value().getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code presented} is the master key, whatever virtual keys are named. */
    boolean isMaster(String presented) {
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        return masterKey.filter(m -> MessageDigest.isEqual(m, candidate)).isPresent();
    }

    Optional<VirtualKey> authenticate(String presented) {
        Optional<VirtualKey> key = keys.authenticate(presented);
        if (key.isPresent()) {
            return key;
        }
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        // Constant-time: the master key is compared directly, not through a hash-map lookup.
        return masterKey.filter(m -> MessageDigest.isEqual(m, candidate))
                .map(m -> new VirtualKey(MASTER, ModelAccess.ALL));
    }
}
