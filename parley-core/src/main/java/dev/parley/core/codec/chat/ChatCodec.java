package dev.parley.core.codec.chat;

import dev.parley.core.codec.ClientCodec;
import dev.parley.core.codec.RequestTarget;
import dev.parley.core.codec.StreamDecoder;
import dev.parley.core.codec.StreamEncoder;
import dev.parley.core.codec.UpstreamCall;
import dev.parley.core.codec.UpstreamCodec;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.Protocol;

/** The OPENAI_CHAT codec (placeholder until implemented). */
public final class ChatCodec implements ClientCodec, UpstreamCodec {

    @Override
    public Protocol protocol() {
        return Protocol.OPENAI_CHAT;
    }

    @Override
    public ChatRequest parseRequest(byte[] body, RequestTarget target) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public byte[] writeResponse(ChatResponse response, ChatRequest request) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public StreamEncoder streamEncoder(ChatRequest request) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public UpstreamCall writeRequest(ChatRequest request, String upstreamModel) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public ChatResponse parseResponse(byte[] body) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public StreamDecoder streamDecoder() {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public ApiError parseError(int status, byte[] body) {
        throw new UnsupportedOperationException("not yet");
    }
}
