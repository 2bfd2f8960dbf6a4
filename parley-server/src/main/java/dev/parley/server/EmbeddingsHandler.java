package dev.parley.server;

import dev.parley.core.auth.VirtualKey;
import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Codecs;
import dev.parley.core.codec.EmbeddingsCodec;
import dev.parley.core.codec.Json;
import dev.parley.core.codec.RequestTarget;
import dev.parley.core.codec.UpstreamCall;
import dev.parley.core.config.ProviderType;
import dev.parley.core.json.JsonSplice;
import dev.parley.core.json.TopLevelObject;
import dev.parley.core.model.Embeddings;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.tokens.TokenEstimator;
import dev.parley.core.usage.TokenUsage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's {@code /v1/embeddings} and Gemini's {@code :embedContent} / {@code :batchEmbedContents}, to OpenAI,
 * OpenAI-compatible or Gemini providers: passed through within a protocol, translated across. Anthropic has no
 * embeddings API.
 */
final class EmbeddingsHandler {

    private final ModelRequests requests;
    private final Upstream upstream;

    EmbeddingsHandler(ModelRequests requests, Upstream upstream) {
        this.requests = requests;
        this.upstream = upstream;
    }

    /** OpenAI Chat's codec speaks OpenAI's embeddings API, which compatible servers share. */
    private static Protocol upstreamProtocol(ProviderType type, Protocol client) {
        return type == ProviderType.GEMINI ? Protocol.GEMINI : Protocol.OPENAI_CHAT;
    }

    void handle(Exchange exchange, VirtualKey key, byte[] body, Optional<GeminiPath> gemini) {
        requests.accept(exchange, key, body, gemini.map(GeminiPath::model), Optional.of(false), false, Admission.Spend.EMBEDDING,
                EmbeddingsHandler::upstreamProtocol, accepted -> {
                    Routed routed = accepted.routed();
                    if (routed.channel().provider().type() == ProviderType.ANTHROPIC) {
                        exchange.fail(ApiError.of(ErrorKind.INVALID_REQUEST, "embeddings_not_supported",
                                "The model '" + routed.model() + "' is served by an Anthropic provider, which has no "
                                        + "embeddings API: no embeddings.").withParam("model"));
                    } else if (routed.sameProtocol()) {
                        passThrough(routed, accepted.body(), gemini);
                    } else {
                        translate(routed, body, gemini);
                    }
                });
    }

    private void passThrough(Routed routed, TopLevelObject body, Optional<GeminiPath> gemini) {
        String upstreamModel = routed.channel().upstreamModel();
        String path;
        byte[] upstreamBody;
        if (routed.client() == Protocol.GEMINI) {
            path = gemini.map(g -> g.upstreamPath(upstreamModel, false)).orElseThrow();
            upstreamBody = withBatchModels(body.bytes(), upstreamModel);
        } else {
            path = "/embeddings";
            upstreamBody = upstreamModel.equals(routed.model()) ? body.bytes()
                    : JsonSplice.of(body).setString("model", upstreamModel).apply();
        }
        upstream.send(routed, path, upstreamBody, false, Map.of(),
                response -> PassThrough.relay(routed, response, bytes -> WireUsage.ofBody(Protocol.OPENAI_CHAT, bytes)
                        .filter(u -> routed.client() == Protocol.OPENAI_CHAT)));
    }

    private static byte[] withBatchModels(byte[] body, String upstreamModel) {
        return withNestedModels(body, "requests", upstreamModel);
    }

    /**
     * Gemini names the model again inside some bodies (each entry of a batch, a count's
     * {@code generateContentRequest}), and the provider insists they match the path: those are rewritten to the
     * upstream model. Neither is a hot path, so a tree is fine here.
     */
    static byte[] withNestedModels(byte[] body, String member, String upstreamModel) {
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            JsonNode nested = root.path(member);
            if (!nested.isContainer()) {
                return body;
            }
            boolean changed = false;
            for (JsonNode request : nested.isArray() ? nested : List.of(nested)) {
                if (request instanceof ObjectNode object && object.has("model")) {
                    object.put("model", "models/" + upstreamModel);
                    changed = true;
                }
            }
            return changed ? Json.MAPPER.writeValueAsBytes(root) : body;
        } catch (JacksonException e) {
            return body; // the provider will say what is wrong with it
        }
    }

    private void translate(Routed routed, byte[] body, Optional<GeminiPath> gemini) {
        Exchange exchange = routed.exchange();
        if (!(Codecs.client(routed.client()) instanceof EmbeddingsCodec clientCodec)
                || !(Codecs.upstream(routed.upstream()) instanceof EmbeddingsCodec upstreamCodec)) {
            exchange.fail(ApiError.of(ErrorKind.INTERNAL, "translation_failed", "Parley cannot translate embeddings "
                    + "between " + routed.client().wireName() + " and " + routed.upstream().wireName() + " yet."));
            return;
        }
        Embeddings.Request request;
        UpstreamCall call;
        try {
            RequestTarget target = new RequestTarget(gemini.map(GeminiPath::model), false);
            request = clientCodec.parseEmbeddingsRequest(body, target);
            call = upstreamCodec.writeEmbeddingsRequest(request, routed.channel().upstreamModel());
        } catch (CodecException e) {
            ApiError error = ApiError.of(ErrorKind.INVALID_REQUEST, e.getMessage());
            exchange.fail(e.param().map(error::withParam).orElse(error));
            return;
        } catch (RuntimeException e) {
            exchange.fail(ApiError.of(ErrorKind.INTERNAL, "translation_failed",
                    "Parley cannot translate this embeddings request: " + e.getClass().getSimpleName()));
            return;
        }
        upstream.send(routed, call.path(), call.body(), false, Map.of(),
                response -> answer(routed, response, upstreamCodec, clientCodec, request, body));
    }

    private static void answer(Routed routed, HttpClientResponse response, EmbeddingsCodec upstreamCodec,
                               EmbeddingsCodec clientCodec, Embeddings.Request request, byte[] clientBody) {
        Exchange exchange = routed.exchange();
        int status = response.statusCode();
        Upstream.body(routed, response, bytes -> {
            if (status / 100 != 2) {
                exchange.fail(Translation.upstreamError(routed, Codecs.upstream(routed.upstream()), response, bytes));
                return;
            }
            Embeddings.Response answer;
            try {
                answer = upstreamCodec.parseEmbeddingsResponse(bytes);
            } catch (RuntimeException e) {
                unreadable(routed, e);
                return;
            }
            if (!(answer.usage().source() instanceof TokenUsage.Source.None)) {
                write(routed, answer.usage(), answer, clientCodec, clientBody);
                return;
            }
            // Gemini reports no usage for embeddings: the ledger gets an estimate rather than nothing, counted
            // off the event loop (a batch of texts can take milliseconds).
            OffLoop.run(() -> TokenEstimator.texts(request.inputs())).onComplete(counted -> {
                if (exchange.ended()) {
                    return; // the client left while it was counted
                }
                // A count that failed leaves the row without usage rather than fail an answer that arrived.
                TokenUsage usage = counted.succeeded()
                        ? new TokenUsage(counted.result(), 0, 0, 0, 0, TokenUsage.Source.TOKENIZER) : answer.usage();
                write(routed, usage, answer, clientCodec, clientBody);
            });
        });
    }

    private static void write(Routed routed, TokenUsage usage, Embeddings.Response answer, EmbeddingsCodec clientCodec,
                              byte[] clientBody) {
        Exchange exchange = routed.exchange();
        exchange.usage(usage);
        byte[] out;
        try {
            out = clientCodec.writeEmbeddingsResponse(answer, clientBody);
        } catch (RuntimeException e) {
            unreadable(routed, e);
            return;
        }
        exchange.response.setStatusCode(200).putHeader("content-type", "application/json");
        exchange.finish(Buffer.buffer(out));
    }

    private static void unreadable(Routed routed, RuntimeException e) {
        routed.exchange().fail(ApiError.of(ErrorKind.UPSTREAM, "Provider '" + routed.providerName()
                + "' sent an embeddings answer Parley cannot read: " + e.getClass().getSimpleName()));
    }
}
