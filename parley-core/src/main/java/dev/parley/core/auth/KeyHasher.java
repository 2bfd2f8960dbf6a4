package dev.parley.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a virtual key into the only form Parley keeps: HMAC-SHA256 under the server secret. Virtual keys are
 * long random strings, so a fast keyed hash is enough (no password hashing needed), and without the server
 * secret a stolen database cannot be used to test guesses offline.
 */
public final class KeyHasher {

    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec secret;
    // Mac is stateful and not thread-safe; one per thread avoids both locking and a lookup per call.
    private final ThreadLocal<Mac> macs;

    public KeyHasher(byte[] serverSecret) {
        if (serverSecret.length < 32) {
            throw new IllegalArgumentException("the server secret must be at least 32 bytes");
        }
        this.secret = new SecretKeySpec(serverSecret.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    public String hash(String key) {
        return HexFormat.of().formatHex(macs.get().doFinal(key.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "KeyHasher[****]";
    }
}
