package dev.parley.core.codec;

import dev.parley.core.config.InputLimits;
import dev.parley.core.json.JsonCounts;
import dev.parley.core.json.JsonMember;
import dev.parley.core.json.TopLevelObject;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.protocol.Protocol;
import java.util.Optional;

/**
 * Whether a request's conversation and tools are within {@code server.limits}, read from the scanned body by byte
 * counts (no parse), so that the pass-through path pays for it as little as the translation path. Each protocol
 * names its members differently: Chat and Anthropic {@code messages}, Responses {@code input}, Gemini
 * {@code contents}; Gemini's tools are the {@code functionDeclarations} inside its {@code tools}.
 */
public final class RequestSize {

    private RequestSize() {
    }

    /** The refusal of a request over a limit, naming the member and the limit; empty when it is within them. */
    public static Optional<ApiError> check(Protocol protocol, TopLevelObject body, InputLimits limits) {
        String conversation = switch (protocol) {
            case OPENAI_CHAT, ANTHROPIC_MESSAGES -> "messages";
            case OPENAI_RESPONSES -> "input";
            case GEMINI -> "contents";
        };
        Optional<JsonMember> turns = body.member(conversation).filter(m -> m.kind() == JsonMember.Kind.ARRAY);
        if (turns.isPresent()) {
            int most = most(turns.get());
            int messages = most > limits.maxMessages() ? JsonCounts.elements(body.rawValue(turns.get())) : 0;
            if (messages > limits.maxMessages()) {
                return Optional.of(refusal(conversation, messages + " entries", limits.maxMessages(), "max_messages"));
            }
            int parts = most > limits.maxParts() ? JsonCounts.objects(body.rawValue(turns.get()), -1) : 0;
            if (parts > limits.maxParts()) {
                return Optional.of(refusal(conversation, parts + " objects (messages and their parts)",
                        limits.maxParts(), "max_parts"));
            }
        }
        Optional<JsonMember> tools = body.member("tools").filter(m -> m.kind() == JsonMember.Kind.ARRAY);
        if (tools.isPresent() && most(tools.get()) > limits.maxTools()) {
            byte[] raw = body.rawValue(tools.get());
            // Gemini: tools[] → {functionDeclarations: [...]} → each declaration, three levels down.
            int count = protocol == Protocol.GEMINI ? Math.max(JsonCounts.objects(raw, 3), JsonCounts.elements(raw))
                    : JsonCounts.elements(raw);
            if (count > limits.maxTools()) {
                return Optional.of(refusal("tools", count + " tools", limits.maxTools(), "max_tools"));
            }
        }
        return Optional.empty();
    }

    /**
     * The most entries, or objects at any depth, an array of this many bytes can hold: each takes at least two
     * ({@code 1,} or <code>{}</code>). Most requests are far too short to pass a limit, and are not counted at all.
     */
    private static int most(JsonMember array) {
        return (array.end() - array.start()) / 2;
    }

    private static ApiError refusal(String member, String found, int limit, String key) {
        return ApiError.of(ErrorKind.PAYLOAD_TOO_LARGE, "'" + member + "' has " + found + "; Parley takes at most "
                + limit + " (server.limits." + key + ").").withParam(member);
    }
}
