package dev.parley.core.codec;

import dev.parley.core.codec.anthropic.AnthropicCodec;
import dev.parley.core.codec.chat.ChatCodec;
import dev.parley.core.codec.gemini.GeminiCodec;
import dev.parley.core.codec.responses.ResponsesCodec;
import dev.parley.core.protocol.Protocol;

/** The codec of each protocol; codecs hold no per-request state, so one of each serves every request. */
public final class Codecs {

    private static final ChatCodec CHAT = new ChatCodec();
    private static final ResponsesCodec RESPONSES = new ResponsesCodec();
    private static final AnthropicCodec ANTHROPIC = new AnthropicCodec();
    private static final GeminiCodec GEMINI = new GeminiCodec();

    private Codecs() {
    }

    public static ClientCodec client(Protocol protocol) {
        return switch (protocol) {
            case OPENAI_CHAT -> CHAT;
            case OPENAI_RESPONSES -> RESPONSES;
            case ANTHROPIC_MESSAGES -> ANTHROPIC;
            case GEMINI -> GEMINI;
        };
    }

    public static UpstreamCodec upstream(Protocol protocol) {
        return switch (protocol) {
            case OPENAI_CHAT -> CHAT;
            case OPENAI_RESPONSES -> RESPONSES;
            case ANTHROPIC_MESSAGES -> ANTHROPIC;
            case GEMINI -> GEMINI;
        };
    }
}
