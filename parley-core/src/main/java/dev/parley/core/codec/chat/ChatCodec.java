package dev.parley.core.codec.chat;

import dev.parley.core.codec.ClientCodec;
import dev.parley.core.codec.EmbeddingsCodec;
import dev.parley.core.codec.RequestTarget;
import dev.parley.core.codec.StreamDecoder;
import dev.parley.core.codec.StreamEncoder;
import dev.parley.core.codec.UpstreamCall;
import dev.parley.core.codec.UpstreamCodec;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.model.Embeddings;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.Protocol;
import java.time.Clock;
import java.util.Objects;

/**
 * OpenAI Chat Completions, for clients ({@code /v1/chat/completions}) and for OpenAI and OpenAI-compatible
 * upstreams, plus OpenAI embeddings. Stateless: one instance serves every request.
 */
public final class ChatCodec implements ClientCodec, UpstreamCodec, EmbeddingsCodec {

    private final Clock clock;

    public ChatCodec() {
        this(Clock.systemUTC());
    }

    /** @param clock the source of the {@code created} timestamps written to clients */
    public ChatCodec(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Protocol protocol() {
        return Protocol.OPENAI_CHAT;
    }

    @Override
    public ChatRequest parseRequest(byte[] body, RequestTarget target) {
        return RequestReader.read(body);
    }

    @Override
    public byte[] writeResponse(ChatResponse response, ChatRequest request) {
        return ResponseWriter.write(response, request, now());
    }

    @Override
    public StreamEncoder streamEncoder(ChatRequest request) {
        return new ChunkEncoder(request, now());
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
        return new ChunkDecoder();
    }

    @Override
    public ApiError parseError(int status, byte[] body) {
        return Errors.parse(status, body);
    }

    @Override
    public Embeddings.Request parseEmbeddingsRequest(byte[] body, RequestTarget target) {
        return EmbeddingsWire.parseRequest(body);
    }

    @Override
    public byte[] writeEmbeddingsResponse(Embeddings.Response response, byte[] request) {
        return EmbeddingsWire.writeResponse(response, request);
    }

    @Override
    public UpstreamCall writeEmbeddingsRequest(Embeddings.Request request, String upstreamModel) {
        return EmbeddingsWire.writeRequest(request, upstreamModel);
    }

    @Override
    public Embeddings.Response parseEmbeddingsResponse(byte[] body) {
        return EmbeddingsWire.parseResponse(body);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
