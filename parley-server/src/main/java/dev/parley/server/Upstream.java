package dev.parley.server;

import dev.parley.core.routing.KeyRotation;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sends one request to the routed provider and hands its response over once the status and headers are in.
 * Connection failures become the client's error here; the handler decides what a response means.
 */
final class Upstream {

    private final UpstreamClients clients;
    private final KeyRotation rotation = new KeyRotation();

    Upstream(UpstreamClients clients) {
        this.clients = clients;
    }

    void send(Routed routed, String path, byte[] body, boolean stream, Map<String, String> protocolHeaders,
              Consumer<HttpClientResponse> then) {
        Exchange exchange = routed.exchange();
        var provider = routed.channel().provider();
        clients.client(provider)
                .request(UpstreamClients.post(provider, path, rotation.next(provider), stream, protocolHeaders))
                .onSuccess(request -> send(routed, request, Buffer.buffer(body), then))
                .onFailure(e -> exchange.fail(UpstreamFailures.fromException(routed.channel(), e)));
    }

    private static void send(Routed routed, HttpClientRequest request, Buffer body, Consumer<HttpClientResponse> then) {
        Exchange exchange = routed.exchange();
        if (exchange.ended()) {
            request.reset();
            return;
        }
        exchange.attempt(routed.channel(), request);
        exchange.passport.upstreamSent();
        request.send(body)
                .onSuccess(response -> {
                    exchange.passport.firstUpstreamByte();
                    then.accept(response);
                })
                .onFailure(e -> exchange.fail(UpstreamFailures.fromException(routed.channel(), e)));
    }

    /** The whole body of a response, then {@code then}; a body cut short fails the exchange. */
    static void body(Routed routed, HttpClientResponse response, Consumer<byte[]> then) {
        response.body().onSuccess(b -> then.accept(b.getBytes()))
                .onFailure(e -> routed.exchange().fail(UpstreamFailures.fromException(routed.channel(), e)));
    }

    static boolean isEventStream(HttpClientResponse response) {
        String contentType = response.getHeader("content-type");
        return contentType != null && contentType.startsWith("text/event-stream");
    }
}
