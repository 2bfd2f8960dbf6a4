package dev.parley.server;

import dev.parley.core.auth.VirtualKey;
import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Codecs;
import dev.parley.core.codec.anthropic.AnthropicCodec;
import dev.parley.core.codec.gemini.GeminiCodec;
import dev.parley.core.json.JsonSplice;
import dev.parley.core.json.TopLevelObject;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.tokens.TokenEstimator;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;

/**
 * Anthropic's {@code /v1/messages/count_tokens} and Gemini's {@code :countTokens}. A provider of the client's own
 * protocol counts with its own tokenizer; for any other provider Parley estimates locally
 * ({@link TokenEstimator}), which is what clients do themselves when the endpoint is missing, only better.
 */
final class CountTokens {

    private static final AnthropicCodec ANTHROPIC = (AnthropicCodec) Codecs.client(Protocol.ANTHROPIC_MESSAGES);
    private static final GeminiCodec GEMINI = (GeminiCodec) Codecs.client(Protocol.GEMINI);

    private final ModelRequests requests;
    private final Upstream upstream;

    CountTokens(ModelRequests requests, Upstream upstream) {
        this.requests = requests;
        this.upstream = upstream;
    }

    void handle(Exchange exchange, VirtualKey key, byte[] body, Optional<GeminiPath> gemini) {
        requests.accept(exchange, key, body, gemini.map(GeminiPath::model), Optional.of(false), true, Admission.Spend.NONE,
                accepted -> {
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
            upstreamBody = EmbeddingsHandler.withNestedModels(upstreamBody, "generateContentRequest", upstreamModel);
        } else {
            path = "/v1/messages/count_tokens" + Generate.anthropicQuery(routed.exchange());
            if (!upstreamModel.equals(routed.model())) {
                upstreamBody = JsonSplice.of(body).setString("model", upstreamModel).apply();
            }
        }
        upstream.send(routed, path, upstreamBody, false, ForwardedHeaders.of(routed),
                response -> PassThrough.relay(routed, response, bytes -> Optional.empty()));
    }

    /** Parses on the event loop (a bad body is answered at once) and counts {@link OffLoop}. */
    private static void estimate(Routed routed, TopLevelObject body, Optional<GeminiPath> gemini) {
        Exchange exchange = routed.exchange();
        ChatRequest request;
        try {
            request = parse(routed.client(), body, gemini);
        } catch (CodecException e) {
            ApiError error = ApiError.of(ErrorKind.INVALID_REQUEST, e.getMessage());
            exchange.fail(e.param().map(error::withParam).orElse(error));
            return;
        } catch (RuntimeException e) {
            cannotRead(exchange, e);
            return;
        }
        OffLoop.run(() -> TokenEstimator.request(request)).onComplete(counted -> {
            if (exchange.ended()) {
                return; // the client left while it was counted
            }
            if (counted.succeeded()) {
                answer(routed, counted.result());
            } else {
                cannotRead(exchange, counted.cause());
            }
        });
    }

    private static void answer(Routed routed, long tokens) {
        Exchange exchange = routed.exchange();
        byte[] answer = routed.client() == Protocol.GEMINI ? GEMINI.writeCountTokensResponse(tokens)
                : ANTHROPIC.writeCountTokensResponse(tokens);
        exchange.response.putHeader("content-type", "application/json").putHeader("x-parley-token-count", "estimated");
        exchange.finish(Buffer.buffer(answer));
    }

    private static void cannotRead(Exchange exchange, Throwable failure) {
        exchange.fail(ApiError.of(ErrorKind.INTERNAL, "translation_failed",
                "Parley cannot read this token-count request yet: " + failure.getClass().getSimpleName()));
    }

    /** A token-count body as the request it counts, read by the client protocol's codec. */
    private static ChatRequest parse(Protocol client, TopLevelObject body, Optional<GeminiPath> gemini) {
        return switch (client) {
            case ANTHROPIC_MESSAGES -> ANTHROPIC.parseCountTokensRequest(body.bytes());
            case GEMINI -> GEMINI.parseCountTokensRequest(body.bytes(), gemini.map(GeminiPath::model).orElse(""));
            case OPENAI_CHAT, OPENAI_RESPONSES -> throw new IllegalStateException("no token-count endpoint for " + client);
        };
    }
}
