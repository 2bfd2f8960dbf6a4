package dev.parley.core.codec.gemini;

import dev.parley.core.codec.ClientCodec;
import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.EmbeddingsCodec;
import dev.parley.core.codec.Json;
import dev.parley.core.codec.RequestTarget;
import dev.parley.core.codec.StreamDecoder;
import dev.parley.core.codec.StreamEncoder;
import dev.parley.core.codec.UpstreamCall;
import dev.parley.core.codec.UpstreamCodec;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.model.Embeddings;
import dev.parley.core.model.StreamAccumulator;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.Protocol;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Google's Gemini API ({@code generateContent}, {@code streamGenerateContent?alt=sse}, {@code countTokens},
 * {@code embedContent}/{@code batchEmbedContents}), as Gemini clients such as Gemini CLI speak it and as
 * Gemini upstreams answer. Stateless: one instance serves every request.
 */
public final class GeminiCodec implements ClientCodec, UpstreamCodec, EmbeddingsCodec {

    @Override
    public Protocol protocol() {
        return Protocol.GEMINI;
    }

    /** The model and streaming come from the URL path ({@code target}); the body holds the rest. */
    @Override
    public ChatRequest parseRequest(byte[] body, RequestTarget target) {
        String model = target.model().map(RequestWriter::modelId).filter(m -> !m.isEmpty())
                .orElseThrow(() -> new CodecException("model", "the model is named in the URL path"));
        return RequestReader.read(Json.object(body), model, target.stream());
    }

    @Override
    public byte[] writeResponse(ChatResponse response, ChatRequest request) {
        return ResponseWriter.write(response, request);
    }

    @Override
    public StreamEncoder streamEncoder(ChatRequest request) {
        return new GeminiStreamEncoder(request);
    }

    @Override
    public UpstreamCall writeRequest(ChatRequest request, String upstreamModel) {
        return RequestWriter.write(request, upstreamModel);
    }

    @Override
    public ChatResponse parseResponse(byte[] body) {
        ObjectNode root = Json.object(body);
        if (root.path("error").isObject()) {
            throw new CodecException("The Gemini upstream answered with an error: "
                    + root.get("error").path("message").asString(""));
        }
        ChunkReader reader = new ChunkReader("gen-" + Integer.toHexString(Arrays.hashCode(body)));
        StreamAccumulator accumulator = new StreamAccumulator();
        List<StreamEvent> events = reader.read(root);
        events.forEach(accumulator::accept);
        reader.finish().forEach(accumulator::accept);
        return accumulator.response();
    }

    @Override
    public StreamDecoder streamDecoder() {
        return new GeminiStreamDecoder();
    }

    @Override
    public ApiError parseError(int status, byte[] body) {
        return Errors.parse(status, body);
    }

    /** A client's {@code :countTokens} body: {@code {"contents":…}} or {@code {"generateContentRequest":{…}}}. */
    public ChatRequest parseCountTokensRequest(byte[] body, String model) {
        return CountTokens.parseRequest(body, model);
    }

    /** {@code /v1beta/models/{model}:countTokens} for a Gemini upstream. */
    public UpstreamCall writeCountTokensRequest(ChatRequest request, String model) {
        return CountTokens.writeRequest(request, model);
    }

    public long parseCountTokensResponse(byte[] body) {
        return CountTokens.parseResponse(body);
    }

    /** {@code {"totalTokens":N}}. */
    public byte[] writeCountTokensResponse(long totalTokens) {
        return CountTokens.writeResponse(totalTokens);
    }

    @Override
    public Embeddings.Request parseEmbeddingsRequest(byte[] body, RequestTarget target) {
        return EmbeddingsMapper.parseRequest(body, target);
    }

    @Override
    public byte[] writeEmbeddingsResponse(Embeddings.Response response, byte[] request) {
        return EmbeddingsMapper.writeResponse(response, request);
    }

    @Override
    public UpstreamCall writeEmbeddingsRequest(Embeddings.Request request, String upstreamModel) {
        return EmbeddingsMapper.writeRequest(request, upstreamModel);
    }

    @Override
    public Embeddings.Response parseEmbeddingsResponse(byte[] body) {
        return EmbeddingsMapper.parseResponse(body);
    }
}
