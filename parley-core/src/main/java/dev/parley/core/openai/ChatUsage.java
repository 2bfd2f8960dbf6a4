package dev.parley.core.openai;

import dev.parley.core.usage.TokenUsage;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads OpenAI Chat Completions usage. OpenAI's {@code prompt_tokens} include the cached ones, so the cached
 * count is moved out of the input bucket; {@code completion_tokens} already include reasoning.
 */
public final class ChatUsage {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatUsage() {
    }

    /** Usage from the raw JSON of a {@code usage} object; empty when it is null or not an object. */
    public static Optional<TokenUsage> parse(byte[] usageJson) {
        JsonNode usage = JSON.readTree(usageJson);
        if (!usage.isObject()) {
            return Optional.empty();
        }
        long prompt = usage.path("prompt_tokens").asLong(0);
        long completion = usage.path("completion_tokens").asLong(0);
        long cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
        long cacheWrite = usage.path("prompt_tokens_details").path("cache_write_tokens").asLong(0);
        long reasoning = usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0);
        long uncached = Math.max(0, prompt - cached - cacheWrite);
        return Optional.of(new TokenUsage(uncached, completion, cached, cacheWrite, Math.min(reasoning, completion),
                TokenUsage.Source.REPORTED));
    }
}
