package dev.parley.core.codec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * Tool-call ids made valid for a protocol that constrains them (OpenAI Chat: at most 40 characters; Anthropic:
 * {@code [a-zA-Z0-9_-]+}). The rewrite is deterministic, so the same client id always maps to the same upstream
 * id and a replayed history stays consistent without any server-side state. Valid ids pass unchanged.
 */
public final class ToolIds {

    private static final Pattern SAFE = Pattern.compile("[a-zA-Z0-9_-]+");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private ToolIds() {
    }

    /** An id valid for both OpenAI Chat and Anthropic: safe characters, at most 40 of them. */
    public static String safe(String id) {
        if (id.length() <= 40 && SAFE.matcher(id).matches()) {
            return id;
        }
        return "call_" + hash(id, 24);
    }

    /** A fresh-looking but deterministic id for a call that came without one (Gemini), from its position. */
    public static String synthesize(String responseId, int index) {
        return "call_" + hash(responseId + "#" + index, 24);
    }

    /** {@code length} base32 characters of the SHA-256 of {@code text}. */
    static String hash(String text, int length) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        StringBuilder out = new StringBuilder(length);
        int buffer = 0;
        int bits = 0;
        for (byte b : digest) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5 && out.length() < length) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return out.toString();
    }
}
