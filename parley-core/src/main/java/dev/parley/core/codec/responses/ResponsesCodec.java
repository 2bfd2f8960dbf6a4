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
import java.util.function.LongSupplier;

/**
 * OpenAI Responses ({@code POST /v1/responses}): the protocol of Codex CLI as a client, and of OpenAI as an
 * upstream. Stateless: requests must carry their whole history ({@code store: false}).
 */
public final class ResponsesCodec implements ClientCodec, UpstreamCodec {

    private final LongSupplier epochSeconds;

    public ResponsesCodec() {
        this(() -> System.currentTimeMillis() / 1000);
    }

    /** @param epochSeconds the clock for the {@code created_at} of answers (fixed in tests) */
    ResponsesCodec(LongSupplier epochSeconds) {
        this.epochSeconds = epochSeconds;
    }

    @Override
    public Protocol protocol() {
        return Protocol.OPENAI_RESPONSES;
    }

    @Override
    public ChatRequest parseRequest(byte[] body, RequestTarget target) {
        return RequestReader.read(body, target);
    }

    @Override
    public byte[] writeResponse(ChatResponse response, ChatRequest request) {
        return ResponseWriter.write(response, request, epochSeconds.getAsLong());
    }

    @Override
    public StreamEncoder streamEncoder(ChatRequest request) {
        return new ResponsesStreamEncoder(request, epochSeconds.getAsLong());
    }

    @Override
    public UpstreamCall writeRequest(ChatRequest request, String upstreamModel) {
        return RequestWriter.write(request, upstreamModel);
    }

    @Override
    public ChatResponse parseResponse(byte[] body) {
        return ResponseReader.read(body);
    }

    @Override
    public StreamDecoder streamDecoder() {
        return new ResponsesStreamDecoder();
    }

    @Override
    public ApiError parseError(int status, byte[] body) {
        return Errors.parse(status, body);
    }
}
