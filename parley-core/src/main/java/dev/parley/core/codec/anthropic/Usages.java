package dev.parley.core.codec.anthropic;

import dev.parley.core.codec.Json;
import dev.parley.core.usage.TokenUsage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic usage ↔ {@link TokenUsage} (§7.9). Both keep the same buckets: {@code input_tokens} excludes cache
 * reads and writes, {@code output_tokens} includes thinking.
 */
final class Usages {

    private Usages() {
    }

    static TokenUsage read(JsonNode usage) {
        return AnthropicUsage.read(usage).orElse(TokenUsage.NONE);
    }

    static ObjectNode write(TokenUsage usage) {
        ObjectNode node = Json.objectNode()
                .put("input_tokens", usage.inputTokens())
                .put("cache_creation_input_tokens", usage.cacheWriteTokens())
                .put("cache_read_input_tokens", usage.cacheReadTokens())
                .put("output_tokens", usage.outputTokens());
        if (usage.reasoningTokens() > 0) {
            node.putObject("output_tokens_details").put("thinking_tokens", usage.reasoningTokens());
        }
        return node;
    }
}
