package dev.parley.server;

import dev.parley.core.auth.VirtualKey;
import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Codecs;
import dev.parley.core.codec.RequestTarget;
import dev.parley.core.json.JsonMember;
import dev.parley.core.json.JsonSplice;
import dev.parley.core.json.TopLevelObject;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.tokens.TokenEstimator;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Anthropic's {@code /v1/messages/count_tokens} and Gemini's {@code :countTokens}. A provider of the client's own
 * protocol counts with its own tokenizer; for any other provider Parley estimates locally
 * ({@link TokenEstimator}), which is what clients do themselves when the endpoint is missing, only better.
 */
final class CountTokens {

    private final ModelRequests requests;
    private final Upstream upstream;

    CountTokens(ModelRequests requests, Upstream upstream) {
        this.requests = requests;
        this.upstream = upstream;
    }

    void handle(Exchange exchange, VirtualKey key, byte[] body, Optional<GeminiPath> gemini) {
        requests.accept(exchange, key, body, gemini.map(GeminiPath::model), Optional.of(false), true)
                .ifPresent(accepted -> {
                    Routed routed = accepted.routed();
                    if (routed.client() == routed.upstream()) {
                        forward(routed, accepted.body(), gemini);
                    } else {
                        estimate(routed, accepted.body(), gemini);
                    }
                });
    }

    private void forward(Routed routed, TopLevelObject body, Optional<GeminiPath> gemini) {
        String upstreamModel = routed.channel().upstreamModel();
        byte[] upstreamBody = body.bytes();
        String path;
        if (routed.client() == Protocol.GEMINI) {
            path = gemini.map(g -> g.upstreamPath(upstreamModel, false)).orElseThrow();
        } else {
            path = "/v1/messages/count_tokens" + Generate.anthropicQuery(routed.exchange());
            if (!upstreamModel.equals(routed.model())) {
                upstreamBody = JsonSplice.of(body).setString("model", upstreamModel).apply();
            }
        }
        upstream.send(routed, path, upstreamBody, false, Generate.protocolHeaders(routed),
                response -> PassThrough.relay(routed, response, bytes -> Optional.empty()));
    }

    private static void estimate(Routed routed, TopLevelObject body, Optional<GeminiPath> gemini) {
        Exchange exchange = routed.exchange();
        long tokens;
        try {
            tokens = TokenEstimator.request(parse(routed.client(), body, gemini));
        } catch (CodecException e) {
            ApiError error = ApiError.of(ErrorKind.INVALID_REQUEST, e.getMessage());
            exchange.fail(e.param().map(error::withParam).orElse(error));
            return;
        } catch (RuntimeException e) {
            exchange.fail(ApiError.of(ErrorKind.INTERNAL, "translation_failed",
                    "Parley cannot read this token-count request yet: " + e.getClass().getSimpleName()));
            return;
        }
        String answer = routed.client() == Protocol.GEMINI
                ? "{\"totalTokens\":" + tokens + ",\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":" + tokens + "}]}"
                : "{\"input_tokens\":" + tokens + "}";
        exchange.response.putHeader("content-type", "application/json").putHeader("x-parley-token-count", "estimated")
                .end(answer);
        exchange.end();
    }

    /**
     * A token-count body as the request it counts. Anthropic's is a Messages request without {@code max_tokens};
     * Gemini's is either {@code {"contents": [...]}} or a whole request under {@code generateContentRequest}.
     */
    private static ChatRequest parse(Protocol client, TopLevelObject body, Optional<GeminiPath> gemini) {
        return switch (client) {
            case ANTHROPIC_MESSAGES -> Codecs.client(client).parseRequest(body.member("max_tokens").isPresent()
                    ? body.bytes() : JsonSplice.of(body).set("max_tokens", ONE).apply(), RequestTarget.BODY);
            case GEMINI -> {
                RequestTarget target = new RequestTarget(gemini.map(GeminiPath::model), false);
                Optional<JsonMember> wrapped = body.member("generateContentRequest")
                        .filter(m -> m.kind() == JsonMember.Kind.OBJECT);
                yield Codecs.client(client).parseRequest(wrapped.map(body::rawValue).orElse(body.bytes()), target);
            }
            case OPENAI_CHAT, OPENAI_RESPONSES -> throw new IllegalStateException("no token-count endpoint for " + client);
        };
    }

    private static final byte[] ONE = "1".getBytes(StandardCharsets.UTF_8);

}
