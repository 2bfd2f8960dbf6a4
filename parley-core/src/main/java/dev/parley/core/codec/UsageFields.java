package dev.parley.core.codec;

import dev.parley.core.usage.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;

/** What every protocol's usage reader shares: counts that are never negative, and the raw object kept for audit. */
public final class UsageFields {

    private UsageFields() {
    }

    /** A count member of {@code node}; 0 when absent, not a number, or negative. */
    public static long count(JsonNode node, String name) {
        JsonNode value = node.path(name);
        return value.isNumber() ? Math.max(0, value.asLong(0)) : 0;
    }

    /**
     * Usage from the raw JSON of a usage object, read by one protocol's {@code reader}; empty when it is null or not
     * an object. Its text, as it was sent, is kept as the raw usage: writing the parsed object out again cost a
     * passed-through answer more than reading it.
     */
    public static Optional<TokenUsage> parse(byte[] usageJson,
                                             BiFunction<JsonNode, String, Optional<TokenUsage>> reader) {
        return reader.apply(Json.parse(usageJson, "usage"), new String(usageJson, StandardCharsets.UTF_8));
    }

    /** The usage object as compact JSON text: every member and figure as the provider sent it. */
    public static String raw(JsonNode usage) {
        return Json.text(usage);
    }

    /**
     * A usage object in OpenAI's shape, which Chat and Responses share under different names: the input count
     * includes the cached tokens (and any cache writes), which are taken out so the buckets never overlap.
     *
     * @param raw       the object's text, kept as the raw usage ({@link #raw} of it, or the text it was read from)
     * @param inputName {@code prompt_tokens} (Chat) or {@code input_tokens} (Responses), and so on for the others
     */
    public static TokenUsage openAiShaped(JsonNode usage, String raw, String inputName, String outputName,
                                          String inputDetailsName, String outputDetailsName) {
        JsonNode inputDetails = usage.path(inputDetailsName);
        JsonNode outputDetails = usage.path(outputDetailsName);
        long input = count(usage, inputName);
        long output = count(usage, outputName);
        long cached = Math.min(input, count(inputDetails, "cached_tokens"));
        long cacheWrite = Math.min(input - cached, count(inputDetails, "cache_write_tokens"));
        long reasoning = Math.min(output, count(outputDetails, "reasoning_tokens"));
        return new TokenUsage(input - cached - cacheWrite, output, cached, cacheWrite, reasoning,
                TokenUsage.CacheWrites.NONE, openAi(inputDetails, outputDetails, input, output),
                TokenUsage.Source.REPORTED, Optional.of(raw));
    }

    /**
     * OpenAI's audio and image counts ({@code audio_tokens}, {@code image_tokens} in the input and output details),
     * each capped by the total it is part of.
     */
    public static TokenUsage.Modalities openAi(JsonNode inputDetails, JsonNode outputDetails, long input, long output) {
        return new TokenUsage.Modalities(
                Math.min(input, count(inputDetails, "audio_tokens")),
                Math.min(input, count(inputDetails, "image_tokens")),
                Math.min(output, count(outputDetails, "audio_tokens")),
                Math.min(output, count(outputDetails, "image_tokens")));
    }
}
