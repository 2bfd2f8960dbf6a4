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
        return ResponsesUsage.read(usage).orElse(TokenUsage.NONE);
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
