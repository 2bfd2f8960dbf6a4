package dev.parley.core.codec.responses;

import static dev.parley.core.codec.UsageFields.count;

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
        if (!usage.isObject()) {
            return Optional.empty();
        }
        JsonNode inputDetails = usage.path("input_tokens_details");
        JsonNode outputDetails = usage.path("output_tokens_details");
        long input = count(usage, "input_tokens");
        long output = count(usage, "output_tokens");
        long cached = Math.min(input, count(inputDetails, "cached_tokens"));
        long cacheWrite = Math.min(input - cached, count(inputDetails, "cache_write_tokens"));
        long reasoning = Math.min(output, count(outputDetails, "reasoning_tokens"));
        return Optional.of(new TokenUsage(input - cached - cacheWrite, output, cached, cacheWrite, reasoning,
                TokenUsage.CacheWrites.NONE, UsageFields.openAi(inputDetails, outputDetails, input, output),
                TokenUsage.Source.REPORTED, Optional.of(UsageFields.raw(usage))));
    }
}
