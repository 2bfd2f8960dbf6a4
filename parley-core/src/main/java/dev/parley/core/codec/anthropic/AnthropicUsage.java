package dev.parley.core.codec.anthropic;

import static dev.parley.core.codec.UsageFields.count;

import dev.parley.core.codec.Json;
import dev.parley.core.codec.UsageFields;
import dev.parley.core.usage.TokenUsage;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic usage → {@link TokenUsage} (spec 7.9). Anthropic's buckets are already Parley's: {@code input_tokens}
 * EXCLUDE {@code cache_read_input_tokens} and {@code cache_creation_input_tokens}; {@code output_tokens} include
 * thinking. {@code cache_creation} splits the writes by time to live (5 minutes, 1 hour).
 */
public final class AnthropicUsage {

    private AnthropicUsage() {
    }

    /** Usage from a {@code usage} node; empty when it is null or not an object. */
    public static Optional<TokenUsage> read(JsonNode usage) {
        return usage.isObject() ? read(usage, UsageFields.raw(usage)) : Optional.empty();
    }

    /** As {@link #read(JsonNode)}, with the object's text at hand: {@code raw} is kept as its raw usage. */
    public static Optional<TokenUsage> read(JsonNode usage, String raw) {
        if (!usage.isObject()) {
            return Optional.empty();
        }
        JsonNode creation = usage.path("cache_creation");
        long fiveMinutes = count(creation, "ephemeral_5m_input_tokens");
        long oneHour = count(creation, "ephemeral_1h_input_tokens");
        // Never fewer writes than the split adds up to, should a provider send the split alone.
        long cacheWrite = Math.max(count(usage, "cache_creation_input_tokens"), fiveMinutes + oneHour);
        long output = count(usage, "output_tokens");
        long thinking = Math.min(output, count(usage.path("output_tokens_details"), "thinking_tokens"));
        return Optional.of(new TokenUsage(count(usage, "input_tokens"), output,
                count(usage, "cache_read_input_tokens"), cacheWrite, thinking,
                new TokenUsage.CacheWrites(fiveMinutes, oneHour), TokenUsage.Modalities.NONE,
                TokenUsage.Source.REPORTED, Optional.of(raw)));
    }

    /**
     * Streamed usage is cumulative, and a {@code message_delta} may omit the input figures it does not update:
     * members present overwrite, absent ones keep the earlier value, as Anthropic's own SDK accumulates. The raw
     * objects are merged the same way, so a stream keeps the one usage object a whole answer would have.
     */
    public static Optional<TokenUsage> merge(JsonNode usage, Optional<TokenUsage> previous) {
        if (!usage.isObject()) {
            return previous;
        }
        Optional<JsonNode> earlier = previous.flatMap(TokenUsage::raw).map(raw -> Json.parse(raw, "usage"))
                .filter(JsonNode::isObject);
        if (earlier.isEmpty()) {
            return read(usage);
        }
        ObjectNode merged = (ObjectNode) earlier.get();
        for (Map.Entry<String, JsonNode> member : usage.properties()) {
            merged.set(member.getKey(), member.getValue());
        }
        return read(merged);
    }
}
