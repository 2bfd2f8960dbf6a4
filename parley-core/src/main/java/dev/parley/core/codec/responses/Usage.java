package dev.parley.core.codec.responses;

import dev.parley.core.codec.Json;
import dev.parley.core.usage.TokenUsage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Responses usage (§7.9): {@code input_tokens} includes the cached ones and {@code output_tokens} the reasoning
 * ones, so reading moves the cached count out of the input bucket and writing adds it back.
 */
final class Usage {

    private Usage() {
    }

    /** The usage object of a response; {@link TokenUsage#NONE} when there is none. */
    static TokenUsage read(JsonNode usage) {
        if (!usage.isObject()) {
            return TokenUsage.NONE;
        }
        long input = count(usage.path("input_tokens"));
        long output = count(usage.path("output_tokens"));
        long cached = Math.min(input, count(usage.path("input_tokens_details").path("cached_tokens")));
        long cacheWrite = Math.min(input - cached, count(usage.path("input_tokens_details").path("cache_write_tokens")));
        long reasoning = Math.min(output, count(usage.path("output_tokens_details").path("reasoning_tokens")));
        return new TokenUsage(input - cached - cacheWrite, output, cached, cacheWrite, reasoning,
                TokenUsage.Source.REPORTED);
    }

    private static long count(JsonNode node) {
        return node.isNumber() ? Math.max(0, node.asLong()) : 0;
    }

    static ObjectNode write(TokenUsage usage) {
        long input = usage.inputTokens() + usage.cacheReadTokens() + usage.cacheWriteTokens();
        ObjectNode out = Json.objectNode();
        out.put("input_tokens", input);
        ObjectNode inputDetails = out.putObject("input_tokens_details");
        inputDetails.put("cached_tokens", usage.cacheReadTokens());
        if (usage.cacheWriteTokens() > 0) {
            inputDetails.put("cache_write_tokens", usage.cacheWriteTokens());
        }
        out.put("output_tokens", usage.outputTokens());
        out.putObject("output_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
        out.put("total_tokens", input + usage.outputTokens());
        return out;
    }
}
