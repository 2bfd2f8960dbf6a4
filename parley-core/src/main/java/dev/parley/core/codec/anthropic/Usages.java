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
        return merge(usage, TokenUsage.NONE);
    }

    /**
     * Streamed usage is cumulative, and a {@code message_delta} may omit the input figures it does not update:
     * fields present overwrite, absent ones keep the earlier value (as Anthropic's own SDK accumulates).
     */
    static TokenUsage merge(JsonNode usage, TokenUsage previous) {
        if (!usage.isObject()) {
            return previous;
        }
        JsonNode details = usage.path("output_tokens_details");
        return new TokenUsage(
                usage.has("input_tokens") ? Fields.count(usage, "input_tokens") : previous.inputTokens(),
                usage.has("output_tokens") ? Fields.count(usage, "output_tokens") : previous.outputTokens(),
                usage.has("cache_read_input_tokens") ? Fields.count(usage, "cache_read_input_tokens")
                        : previous.cacheReadTokens(),
                usage.has("cache_creation_input_tokens") ? Fields.count(usage, "cache_creation_input_tokens")
                        : previous.cacheWriteTokens(),
                details.has("thinking_tokens") ? Fields.count(details, "thinking_tokens") : previous.reasoningTokens(),
                TokenUsage.Source.REPORTED);
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
