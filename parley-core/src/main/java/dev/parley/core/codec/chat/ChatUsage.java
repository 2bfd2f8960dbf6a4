package dev.parley.core.codec.chat;

import dev.parley.core.codec.Json;
import dev.parley.core.usage.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * OpenAI Chat usage for code that scans bodies instead of parsing them (the pass-through path): the same reading
 * the codec applies, from the raw bytes of a {@code usage} member.
 */
public final class ChatUsage {

    private ChatUsage() {
    }

    /** Usage from the raw JSON of a {@code usage} object; empty when it is null or not an object. */
    public static Optional<TokenUsage> parse(byte[] usageJson) {
        return Vocabulary.usage(Json.parse(new String(usageJson, StandardCharsets.UTF_8), "usage"));
    }
}
