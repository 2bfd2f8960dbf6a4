package dev.parley.core.codec;

import dev.parley.core.usage.TokenUsage;
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

    /** The usage object as compact JSON text: every member and figure as the provider sent it. */
    public static String raw(JsonNode usage) {
        return Json.text(usage);
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
