package dev.parley.core.idempotency;

import dev.parley.core.auth.VirtualKey;
import dev.parley.core.protocol.Protocol;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A client's {@code Idempotency-Key} within the scope of the virtual key that sent it: a store key by its id, a
 * configured key by its name. Two keys never share a result, whatever their clients call their requests.
 *
 * @param scope whose key it is ({@code key:<id>} or {@code name:<configured name>})
 * @param value the header's value
 */
public record IdempotencyKey(String scope, String value) {

    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(value, "value");
    }

    /** The header's value, if it is one: 1 to 255 visible ASCII characters. */
    public static Optional<IdempotencyKey> of(VirtualKey key, String header) {
        if (header.isEmpty() || header.length() > MAX_LENGTH || !header.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            return Optional.empty();
        }
        return Optional.of(new IdempotencyKey(key.scope(), header));
    }

    /**
     * What makes two requests the same: SHA-256 over the protocol, the path (which names Gemini's model and method)
     * and the body's bytes as received, in hex.
     */
    public static String fingerprint(Protocol protocol, String path, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((protocol.name() + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
