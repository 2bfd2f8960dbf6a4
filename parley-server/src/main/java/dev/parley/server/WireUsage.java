package dev.parley.server;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.UsageFields;
import dev.parley.core.json.JsonMember;
import dev.parley.core.json.JsonScanException;
import dev.parley.core.json.MemberFinder;
import dev.parley.core.json.TopLevelObject;
import dev.parley.core.codec.anthropic.AnthropicUsage;
import dev.parley.core.codec.chat.ChatUsage;
import dev.parley.core.codec.gemini.GeminiUsage;
import dev.parley.core.codec.responses.ResponsesUsage;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.usage.TokenUsage;
import java.util.Arrays;
import java.util.Optional;
import tools.jackson.core.JacksonException;

/**
 * Reads the usage in a whole answer the pass-through path relays without parsing it (embeddings, and a generated
 * answer its codec cannot read), with each protocol's own reader from the core.
 */
final class WireUsage {

    private WireUsage() {
    }

    /** The usage in a non-streaming answer body, if it has one. */
    static Optional<TokenUsage> ofBody(Protocol protocol, byte[] body) {
        try {
            // The usage member is found by stepping over the rest of the answer; only that member is parsed. Text the
            // quick step cannot read is scanned in full, which tells a missing member from a malformed answer.
            String name = member(protocol);
            Optional<JsonMember> member = switch (MemberFinder.lookup(body, name)) {
                case MemberFinder.Lookup.Found found -> Optional.of(found.member());
                case MemberFinder.Lookup.Absent _ -> Optional.empty();
                case MemberFinder.Lookup.Unreadable _ -> TopLevelObject.scan(body).member(name);
            };
            Optional<byte[]> usage = member
                    .filter(m -> m.kind() == JsonMember.Kind.OBJECT)
                    .map(m -> Arrays.copyOfRange(body, m.start(), m.end()));
            if (usage.isEmpty()) {
                return Optional.empty();
            }
            return UsageFields.parse(usage.get(), switch (protocol) {
                case OPENAI_CHAT -> ChatUsage::read;
                case OPENAI_RESPONSES -> ResponsesUsage::read;
                case ANTHROPIC_MESSAGES -> AnthropicUsage::read;
                case GEMINI -> GeminiUsage::read;
            });
        } catch (JsonScanException | JacksonException | CodecException e) {
            return Optional.empty(); // not ours to judge: the body is relayed as the provider sent it
        }
    }

    /** Whether {@code usage} holds the provider's own figures (not an empty stand-in). */
    static boolean reported(TokenUsage usage) {
        return !(usage.source() instanceof TokenUsage.Source.None);
    }

    private static String member(Protocol protocol) {
        return switch (protocol) {
            case OPENAI_CHAT, OPENAI_RESPONSES, ANTHROPIC_MESSAGES -> "usage";
            case GEMINI -> "usageMetadata";
        };
    }
}
