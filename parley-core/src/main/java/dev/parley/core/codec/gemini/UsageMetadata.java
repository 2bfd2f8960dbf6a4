package dev.parley.core.codec.gemini;

import dev.parley.core.codec.Json;
import dev.parley.core.usage.TokenUsage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gemini's {@code usageMetadata} and {@link TokenUsage} (spec 7.9). Gemini's prompt count includes the cached
 * tokens and its candidates count excludes the thoughts; Parley's buckets do not overlap, so both are
 * rearranged here, in both directions.
 */
final class UsageMetadata {

    private UsageMetadata() {
    }

    static TokenUsage read(JsonNode usage) {
        long prompt = Fields.count(usage, "promptTokenCount") + Fields.count(usage, "toolUsePromptTokenCount");
        long cached = Math.min(Fields.count(usage, "cachedContentTokenCount"), prompt);
        long thoughts = Fields.count(usage, "thoughtsTokenCount");
        long output = Fields.count(usage, "candidatesTokenCount") + thoughts;
        return new TokenUsage(prompt - cached, output, cached, 0, thoughts, TokenUsage.Source.REPORTED);
    }

    /** Gemini has no cache-write bucket: tokens written to a cache are part of the prompt. */
    static ObjectNode write(TokenUsage usage) {
        long prompt = usage.inputTokens() + usage.cacheReadTokens() + usage.cacheWriteTokens();
        long thoughts = Math.min(usage.reasoningTokens(), usage.outputTokens());
        ObjectNode node = Json.objectNode();
        node.put("promptTokenCount", prompt);
        node.put("candidatesTokenCount", usage.outputTokens() - thoughts);
        node.put("totalTokenCount", prompt + usage.outputTokens());
        if (usage.cacheReadTokens() > 0) {
            node.put("cachedContentTokenCount", usage.cacheReadTokens());
        }
        if (thoughts > 0) {
            node.put("thoughtsTokenCount", thoughts);
        }
        return node;
    }
}
