package dev.parley.core.codec.chat;

import dev.parley.core.codec.UsageFields;
import dev.parley.core.usage.TokenUsage;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI Chat usage → {@link TokenUsage} (spec 7.9), for the codec and for code that scans bodies instead of
 * parsing them. The trap: {@code prompt_tokens} INCLUDE {@code prompt_tokens_details.cached_tokens} (and the
 * newer {@code cache_write_tokens}), so both are taken out of the uncached input; {@code completion_tokens}
 * include {@code reasoning_tokens}.
 */
public final class ChatUsage {

    private ChatUsage() {
    }

    /** Usage from a {@code usage} node; empty when it is null or not an object. */
    public static Optional<TokenUsage> read(JsonNode usage) {
        return usage.isObject() ? read(usage, UsageFields.raw(usage)) : Optional.empty();
    }

    /** As {@link #read(JsonNode)}, with the object's text at hand: {@code raw} is kept as its raw usage. */
    public static Optional<TokenUsage> read(JsonNode usage, String raw) {
        if (!usage.isObject()) {
            return Optional.empty();
        }
        return Optional.of(UsageFields.openAiShaped(usage, raw, "prompt_tokens", "completion_tokens",
                "prompt_tokens_details", "completion_tokens_details"));
    }
}
