package dev.parley.core.codec.responses;

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

/** The OPENAI_RESPONSES codec (placeholder until implemented). */
public final class ResponsesCodec implements ClientCodec, UpstreamCodec {

    @Override
    public Protocol protocol() {
        return Protocol.OPENAI_RESPONSES;
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
