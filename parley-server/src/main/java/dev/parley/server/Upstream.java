package dev.parley.server;

import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.routing.UpstreamOutcome;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sends one request to the routed provider and hands its response over once the status and headers are in.
 * Connection failures are the attempt's failure here; the handler decides what a response means.
 */
final class Upstream {

    private final UpstreamClients clients;

    Upstream(UpstreamClients clients) {
        this.clients = clients;
    }

    void send(Routed routed, String path, byte[] body, boolean stream, Map<String, String> protocolHeaders,
              Consumer<HttpClientResponse> then) {
        var provider = routed.channel().provider();
        routed.exchange().attempt(routed);
        clients.client(provider)
                .request(UpstreamClients.post(provider, path, routed.key().secret(), stream, protocolHeaders))
                .onSuccess(request -> send(routed, request, Buffer.buffer(body), then))
                .onFailure(e -> connectionFailed(routed, e));
    }

    private static void send(Routed routed, HttpClientRequest request, Buffer body, Consumer<HttpClientResponse> then) {
        Exchange exchange = routed.exchange();
        if (exchange.ended()) {
            request.reset();
            return;
        }
        exchange.upstreamRequest(request);
        exchange.passport.upstreamSent();
        request.send(body)
                .onSuccess(response -> {
                    exchange.passport.firstUpstreamByte();
                    exchange.responded(routed, response.statusCode());
                    then.accept(response);
                })
                .onFailure(e -> connectionFailed(routed, e));
    }

    /** No usable response came: refused, reset, timed out, or a body cut short. */
    static void connectionFailed(Routed routed, Throwable cause) {
        if (routed.exchange().ended()) {
            return;
        }
        ApiError error = UpstreamFailures.fromException(routed.channel(), cause);
        routed.failed(new UpstreamOutcome.ConnectionFailed(error.kind() == ErrorKind.TIMEOUT), error);
    }

    /** The whole body of a response, then {@code then}; a body cut short fails the exchange. */
    static void body(Routed routed, HttpClientResponse response, Consumer<byte[]> then) {
        response.body().onSuccess(b -> then.accept(b.getBytes()))
                .onFailure(e -> connectionFailed(routed, e));
    }

    static boolean isEventStream(HttpClientResponse response) {
        String contentType = response.getHeader("content-type");
        return contentType != null && contentType.startsWith("text/event-stream");
    }
}
