package dev.parley.core.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.random.RandomGenerator;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals provider keys for the store: AES-256-GCM under a key derived by HKDF-SHA256 from the server secret, a
 * 12-byte random nonce per sealing and the provider's name as associated data, so a sealed key copied to another
 * provider's row does not open. The text form is {@code v1.} followed by base64url (no padding) of nonce and
 * ciphertext; the version lets a later scheme coexist with rows written by this one.
 */
public final class SecretBox {

    public static final String VERSION = "v1.";
    /** Distinct from any other use of the server secret, so the sealing key is unrelated to the hashing key. */
    static final byte[] INFO = "parley provider keys v1 aes-256-gcm".getBytes(StandardCharsets.UTF_8);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;
    private static final int MASK_LEADING = 4;
    private static final int MASK_TRAILING = 4;

    private final SecretKeySpec key;
    private final RandomGenerator random;

    /** {@code random} must be cryptographically strong ({@code SecureRandom} in the server): nonces must not repeat. */
    public SecretBox(byte[] serverSecret, RandomGenerator random) {
        if (serverSecret.length < KEY_BYTES) {
            throw new IllegalArgumentException("the server secret must be at least 32 bytes");
        }
        this.key = new SecretKeySpec(hkdf(serverSecret, INFO), "AES");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The sealed text of {@code plaintext} for the provider {@code provider}. */
    public String seal(String provider, String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, provider);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] whole = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
            return VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(whole);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable: " + e.getClass().getSimpleName(), e);
        }
    }

    /** The plaintext sealed for {@code provider}; fails naming the provider, never showing {@code sealed}. */
    public String open(String provider, String sealed) {
        if (!sealed.startsWith(VERSION)) {
            throw new SecretOpenException("the key of provider '" + provider + "' is not a sealed key of version "
                    + VERSION.substring(0, VERSION.length() - 1));
        }
        byte[] whole;
        try {
            whole = Base64.getUrlDecoder().decode(sealed.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            throw new SecretOpenException("the sealed key of provider '" + provider + "' is not valid base64url");
        }
        if (whole.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretOpenException("the sealed key of provider '" + provider + "' is truncated");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(whole, NONCE_BYTES), provider);
            byte[] plain = cipher.doFinal(whole, NONCE_BYTES, whole.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SecretOpenException("the key of provider '" + provider + "' cannot be decrypted: it was sealed"
                    + " under another server secret (PARLEY_SECRET or the data folder's key file), for another"
                    + " provider, or altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Whether {@code text} has the form of a sealed key (not whether it opens). */
    public static boolean looksSealed(String text) {
        return text.startsWith(VERSION);
    }

    /**
     * What may be shown of a provider key: its first four and last four characters around an ellipsis, or only
     * the ellipsis and last four when the key is too short for both to hide anything.
     */
    public static String mask(String key) {
        if (key.length() <= MASK_TRAILING * 3) {
            return "…" + (key.length() > MASK_TRAILING * 2 ? key.substring(key.length() - MASK_TRAILING) : "");
        }
        return key.substring(0, MASK_LEADING) + "…" + key.substring(key.length() - MASK_TRAILING);
    }

    private Cipher cipher(int mode, byte[] nonce, String provider) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(provider.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    /** RFC 5869 with an empty salt (the server secret is already uniformly random) and one output block. */
    static byte[] hkdf(byte[] ikm, byte[] info) {
        try {
            Mac extract = Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            byte[] prk = extract.doFinal(ikm);
            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(prk, "HmacSHA256"));
            expand.update(info);
            expand.update((byte) 1);
            return expand.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "SecretBox[****]";
    }
}
