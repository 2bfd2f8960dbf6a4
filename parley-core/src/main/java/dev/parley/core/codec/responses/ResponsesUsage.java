package dev.parley.core.codec.responses;

import dev.parley.core.codec.UsageFields;
import dev.parley.core.usage.TokenUsage;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI Responses usage → {@link TokenUsage} (spec 7.9): {@code input_tokens} INCLUDE
 * {@code input_tokens_details.cached_tokens} (and {@code cache_write_tokens}), which are moved out of the uncached
 * input; {@code output_tokens} include {@code output_tokens_details.reasoning_tokens}.
 */
public final class ResponsesUsage {

    private ResponsesUsage() {
    }

    /** Usage from a response's {@code usage} node; empty when it is null or not an object. */
    public static Optional<TokenUsage> read(JsonNode usage) {
        return usage.isObject() ? read(usage, UsageFields.raw(usage)) : Optional.empty();
    }

    /** As {@link #read(JsonNode)}, with the object's text at hand: {@code raw} is kept as its raw usage. */
    public static Optional<TokenUsage> read(JsonNode usage, String raw) {
        if (!usage.isObject()) {
            return Optional.empty();
        }
        return Optional.of(UsageFields.openAiShaped(usage, raw, "input_tokens", "output_tokens",
                "input_tokens_details", "output_tokens_details"));
    }
}
