package dev.parley.server;

import dev.parley.core.codec.ClientCodec;
import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Codecs;
import dev.parley.core.codec.RequestTarget;
import dev.parley.core.codec.UpstreamCall;
import dev.parley.core.codec.UpstreamCodec;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.model.ResponseEvents;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.util.Map;

/**
 * A client and a provider of different protocols: the client's body is parsed into the internal model, written
 * in the provider's protocol, and the answer (a body or a stream, whichever the provider sent) is written back
 * in the client's protocol. Provider errors are read by the provider's codec and shown in the client's shape.
 */
final class Translation {

    private final Upstream upstream;

    Translation(Upstream upstream) {
        this.upstream = upstream;
    }

    void forward(Routed routed, byte[] body, RequestTarget target, Map<String, String> protocolHeaders) {
        Exchange exchange = routed.exchange();
        ClientCodec clientCodec = Codecs.client(routed.client());
        UpstreamCodec upstreamCodec = Codecs.upstream(routed.upstream());
        ChatRequest request;
        UpstreamCall call;
        try {
            request = clientCodec.parseRequest(body, target);
            call = upstreamCodec.writeRequest(request, routed.channel().upstreamModel());
        } catch (CodecException e) {
            ApiError error = ApiError.of(ErrorKind.INVALID_REQUEST, e.getMessage());
            exchange.fail(e.param().map(error::withParam).orElse(error));
            return;
        } catch (RuntimeException e) {
            exchange.fail(cannotTranslate(routed, e));
            return;
        }
        ToolNameRestorer names = ToolNameRestorer.of(request, routed.upstream());
        upstream.send(routed, call.path(), call.body(), request.stream(), protocolHeaders,
                (response, watch) -> onResponse(routed, response, watch, upstreamCodec, clientCodec, request, names));
    }

    private static void onResponse(Routed routed, HttpClientResponse response, UpstreamWatch watch,
                                   UpstreamCodec upstreamCodec, ClientCodec clientCodec, ChatRequest request,
                                   ToolNameRestorer names) {
        Exchange exchange = routed.exchange();
        int status = response.statusCode();
        if (status / 100 != 2) {
            Upstream.body(routed, response, body -> {
                ApiError error = upstreamError(routed, upstreamCodec, response, body);
                routed.failed(UpstreamFailures.outcome(routed.upstream(), status, body, error.kind()), error);
            });
            return;
        }
        RateLimitHeaders.copy(response, exchange.response, routed);
        ClientSide client;
        try {
            client = ClientSide.of(exchange, clientCodec, request);
        } catch (RuntimeException e) {
            response.request().reset();
            exchange.fail(cannotTranslate(routed, e));
            return;
        }
        if (Upstream.isEventStream(response)) {
            new TranslatingRelay(routed, response, watch, upstreamCodec.streamDecoder(), names, client).start();
            return;
        }
        Upstream.body(routed, response, bytes -> {
            try {
                ChatResponse answer = names.restore(upstreamCodec.parseResponse(bytes));
                // A whole answer replayed as events: the same path serves a streaming and a non-streaming client.
                Buffer out = Buffer.buffer();
                for (StreamEvent event : ResponseEvents.of(answer)) {
                    client.accept(event, out, chunk -> write(exchange, chunk));
                }
            } catch (CodecException e) {
                exchange.fail(unreadable(routed, e));
            } catch (RuntimeException e) {
                exchange.fail(cannotTranslate(routed, e));
            }
        });
    }

    /** The provider's answer does not follow its own protocol: the provider's fault, not the client's. */
    static ApiError unreadable(Routed routed, CodecException e) {
        return ApiError.of(ErrorKind.UPSTREAM, "Provider '" + routed.providerName() + "' sent an answer Parley cannot "
                + "read: " + e.getMessage());
    }

    private static void write(Exchange exchange, Buffer out) {
        if (out.length() == 0) {
            return;
        }
        SseRelay.startEventStream(exchange.response);
        exchange.write(out);
    }

    static ApiError upstreamError(Routed routed, UpstreamCodec codec, HttpClientResponse response, byte[] body) {
        int status = response.statusCode();
        try {
            return UpstreamFailures.fromParsed(routed.channel(), routed.exchange().redaction, routed.upstream(), status,
                    response.headers(), body, codec.parseError(status, body));
        } catch (RuntimeException e) {
            // The codec could not read it: the status alone decides.
            return UpstreamFailures.fromStatus(routed.channel(), routed.exchange().redaction, routed.upstream(), status,
                    response.headers(), body);
        }
    }

    private static ApiError cannotTranslate(Routed routed, RuntimeException e) {
        return ApiError.of(ErrorKind.INTERNAL, "translation_failed", "Parley cannot translate between "
                + routed.client().wireName() + " and " + routed.upstream().wireName() + " here: "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
}
