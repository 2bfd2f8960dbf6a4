package dev.parley.server;

import dev.parley.core.json.JsonMember;
import dev.parley.core.json.JsonScanException;
import dev.parley.core.json.TopLevelObject;
import dev.parley.core.codec.chat.ChatUsage;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.usage.TokenUsage;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads the usage a provider reported, in each protocol's own words, into the ledger's non-overlapping buckets.
 * Used on the pass-through path, which relays bodies without parsing them into the internal model.
 */
final class WireUsage {

    static final ObjectMapper JSON = new ObjectMapper();

    private WireUsage() {
    }

    /** The usage in a non-streaming answer body, if it has one. */
    static Optional<TokenUsage> ofBody(Protocol protocol, byte[] body) {
        try {
            return switch (protocol) {
                case OPENAI_CHAT -> {
                    TopLevelObject response = TopLevelObject.scan(body);
                    yield response.member("usage").filter(m -> m.kind() == JsonMember.Kind.OBJECT)
                            .flatMap(m -> ChatUsage.parse(response.rawValue(m)));
                }
                case OPENAI_RESPONSES -> responses(JSON.readTree(body).path("usage"));
                case ANTHROPIC_MESSAGES -> anthropic(JSON.readTree(body).path("usage"));
                case GEMINI -> gemini(JSON.readTree(body).path("usageMetadata"));
            };
        } catch (JsonScanException | JacksonException e) {
            return Optional.empty(); // not ours to judge: the body is relayed as the provider sent it
        }
    }

    /** Responses: {@code input_tokens} include the cached ones; {@code output_tokens} include reasoning. */
    static Optional<TokenUsage> responses(JsonNode usage) {
        if (!usage.isObject()) {
            return Optional.empty();
        }
        long input = usage.path("input_tokens").asLong(0);
        long cached = usage.path("input_tokens_details").path("cached_tokens").asLong(0);
        long output = usage.path("output_tokens").asLong(0);
        long reasoning = usage.path("output_tokens_details").path("reasoning_tokens").asLong(0);
        return Optional.of(new TokenUsage(Math.max(0, input - cached), output, Math.min(cached, input),
                0, Math.min(reasoning, output), TokenUsage.Source.REPORTED));
    }

    /** Anthropic: {@code input_tokens} already exclude cache reads and writes. */
    static Optional<TokenUsage> anthropic(JsonNode usage) {
        if (!usage.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new TokenUsage(usage.path("input_tokens").asLong(0), usage.path("output_tokens").asLong(0),
                usage.path("cache_read_input_tokens").asLong(0), usage.path("cache_creation_input_tokens").asLong(0),
                0, TokenUsage.Source.REPORTED));
    }

    /**
     * Gemini: {@code promptTokenCount} includes cached tokens; {@code candidatesTokenCount} excludes thoughts,
     * which the ledger counts as output.
     */
    static Optional<TokenUsage> gemini(JsonNode usage) {
        if (!usage.isObject()) {
            return Optional.empty();
        }
        long prompt = usage.path("promptTokenCount").asLong(0) + usage.path("toolUsePromptTokenCount").asLong(0);
        long cached = Math.min(prompt, usage.path("cachedContentTokenCount").asLong(0));
        long thoughts = usage.path("thoughtsTokenCount").asLong(0);
        long output = usage.path("candidatesTokenCount").asLong(0) + thoughts;
        return Optional.of(new TokenUsage(prompt - cached, output, cached, 0, thoughts, TokenUsage.Source.REPORTED));
    }
}
