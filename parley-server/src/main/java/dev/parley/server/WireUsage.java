package dev.parley.server;

import dev.parley.core.json.JsonMember;
import dev.parley.core.json.JsonScanException;
import dev.parley.core.json.TopLevelObject;
import dev.parley.core.codec.anthropic.AnthropicUsage;
import dev.parley.core.codec.chat.ChatUsage;
import dev.parley.core.codec.gemini.GeminiUsage;
import dev.parley.core.codec.responses.ResponsesUsage;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.usage.TokenUsage;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads the usage in a whole answer the pass-through path relays without parsing it (embeddings, and a generated
 * answer its codec cannot read), with each protocol's own reader from the core.
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
                case OPENAI_RESPONSES -> ResponsesUsage.read(JSON.readTree(body).path("usage"));
                case ANTHROPIC_MESSAGES -> AnthropicUsage.read(JSON.readTree(body).path("usage"));
                case GEMINI -> GeminiUsage.read(JSON.readTree(body).path("usageMetadata"));
            };
        } catch (JsonScanException | JacksonException e) {
            return Optional.empty(); // not ours to judge: the body is relayed as the provider sent it
        }
    }
}
