package dev.parley.core.codec.gemini;

import static dev.parley.core.codec.UsageFields.count;

import dev.parley.core.codec.Json;
import dev.parley.core.codec.UsageFields;
import dev.parley.core.usage.TokenUsage;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gemini's {@code usageMetadata} ↔ {@link TokenUsage} (spec 7.9). The traps: {@code promptTokenCount} INCLUDES
 * {@code cachedContentTokenCount}, and {@code thoughtsTokenCount} is separate from {@code candidatesTokenCount}
 * (output = candidates + thoughts); {@code toolUsePromptTokenCount} is input. Parley's buckets do not overlap, so
 * both are rearranged here, in both directions. The modality lists ({@code promptTokensDetails},
 * {@code candidatesTokensDetails}) give the audio and image shares.
 */
public final class GeminiUsage {

    private GeminiUsage() {
    }

    /** Usage from a {@code usageMetadata} node; empty when it is null or not an object. */
    public static Optional<TokenUsage> read(JsonNode usage) {
        return usage.isObject() ? read(usage, UsageFields.raw(usage)) : Optional.empty();
    }

    /** As {@link #read(JsonNode)}, with the object's text at hand: {@code raw} is kept as its raw usage. */
    public static Optional<TokenUsage> read(JsonNode usage, String raw) {
        if (!usage.isObject()) {
            return Optional.empty();
        }
        long prompt = count(usage, "promptTokenCount") + count(usage, "toolUsePromptTokenCount");
        long cached = Math.min(count(usage, "cachedContentTokenCount"), prompt);
        long thoughts = count(usage, "thoughtsTokenCount");
        long output = count(usage, "candidatesTokenCount") + thoughts;
        TokenUsage.Modalities modalities = new TokenUsage.Modalities(
                Math.min(prompt, modality(usage, "promptTokensDetails", "AUDIO")
                        + modality(usage, "toolUsePromptTokensDetails", "AUDIO")),
                Math.min(prompt, modality(usage, "promptTokensDetails", "IMAGE")
                        + modality(usage, "toolUsePromptTokensDetails", "IMAGE")),
                Math.min(output, modality(usage, "candidatesTokensDetails", "AUDIO")),
                Math.min(output, modality(usage, "candidatesTokensDetails", "IMAGE")));
        return Optional.of(new TokenUsage(prompt - cached, output, cached, 0, thoughts, TokenUsage.CacheWrites.NONE,
                modalities, TokenUsage.Source.REPORTED, Optional.of(raw)));
    }

    /** The tokens of one modality in a list of {@code {modality, tokenCount}}. */
    private static long modality(JsonNode usage, String list, String modality) {
        long sum = 0;
        for (JsonNode entry : usage.path(list)) {
            if (modality.equals(entry.path("modality").asString(""))) {
                sum += count(entry, "tokenCount");
            }
        }
        return sum;
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
