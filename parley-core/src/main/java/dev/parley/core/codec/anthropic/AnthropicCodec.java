package dev.parley.core.codec.anthropic;

import dev.parley.core.codec.ClientCodec;
import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Json;
import dev.parley.core.codec.RequestTarget;
import dev.parley.core.codec.StreamDecoder;
import dev.parley.core.codec.StreamEncoder;
import dev.parley.core.codec.UpstreamCall;
import dev.parley.core.codec.UpstreamCodec;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.Protocol;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic Messages ({@code POST /v1/messages}, {@code /v1/messages/count_tokens}), for Claude clients and
 * Anthropic upstreams alike. Stateless: one instance serves every request.
 */
public final class AnthropicCodec implements ClientCodec, UpstreamCodec {

    static final String MESSAGES_PATH = "/v1/messages";
    static final String COUNT_TOKENS_PATH = "/v1/messages/count_tokens";

    @Override
    public Protocol protocol() {
        return Protocol.ANTHROPIC_MESSAGES;
    }

    @Override
    public ChatRequest parseRequest(byte[] body, RequestTarget target) {
        return RequestReader.read(body, true);
    }

    @Override
    public byte[] writeResponse(ChatResponse response, ChatRequest request) {
        return ResponseWriter.write(response, request);
    }

    @Override
    public StreamEncoder streamEncoder(ChatRequest request) {
        return new AnthropicStreamEncoder(request);
    }

    @Override
    public UpstreamCall writeRequest(ChatRequest request, String upstreamModel) {
        return new UpstreamCall(MESSAGES_PATH, RequestWriter.messages(request, upstreamModel));
    }

    @Override
    public ChatResponse parseResponse(byte[] body) {
        return ResponseReader.read(body);
    }

    @Override
    public StreamDecoder streamDecoder() {
        return new AnthropicStreamDecoder();
    }

    @Override
    public ApiError parseError(int status, byte[] body) {
        return Errors.parse(status, body);
    }

    /** A count_tokens request: a Messages request without {@code max_tokens}. */
    public ChatRequest parseCountTokensRequest(byte[] body) {
        return RequestReader.read(body, false);
    }

    public UpstreamCall writeCountTokensRequest(ChatRequest request, String upstreamModel) {
        return new UpstreamCall(COUNT_TOKENS_PATH, RequestWriter.countTokens(request, upstreamModel));
    }

    /**
     * The count in an upstream's count_tokens answer.
     *
     * @throws CodecException if the body holds no count
     */
    public long parseCountTokensResponse(byte[] body) {
        JsonNode count = Json.object(body).path("input_tokens");
        if (!count.isIntegralNumber() || !count.canConvertToLong() || count.longValue() < 0) {
            throw new CodecException("input_tokens", "expected a count");
        }
        return count.longValue();
    }

    public byte[] writeCountTokensResponse(long inputTokens) {
        ObjectNode body = Json.objectNode().put("input_tokens", inputTokens);
        return Json.bytes(body);
    }
}
