package dev.parley.server;

import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.routing.KeySlot;
import dev.parley.core.routing.UpstreamOutcome;
import io.netty.buffer.Unpooled;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Sends one request to the routed provider and hands its response over once the status and headers are in.
 * Connection failures are the attempt's failure here; the handler decides what a response means. Every request
 * sent is watched for its channel's timeouts ({@link UpstreamWatch}); until a stream relay takes the watch over, a
 * broken limit is a failed attempt, since nothing has reached the client.
 */
final class Upstream {

    private final UpstreamClients clients;
    /** Told of every response and its key before anything else reads it: limits the provider announces. */
    private final BiConsumer<KeySlot, HttpClientResponse> answered;

    Upstream(UpstreamClients clients, BiConsumer<KeySlot, HttpClientResponse> answered) {
        this.clients = clients;
        this.answered = answered;
    }

    /** For calls that read a whole answer (token counts, embeddings): only the total timeout concerns them. */
    void send(Routed routed, String path, byte[] body, boolean stream, Map<String, String> protocolHeaders,
              Consumer<HttpClientResponse> then) {
        send(routed, path, body, stream, protocolHeaders, (response, watch) -> then.accept(response));
    }

    void send(Routed routed, String path, byte[] body, boolean stream, Map<String, String> protocolHeaders,
              BiConsumer<HttpClientResponse, UpstreamWatch> then) {
        var provider = routed.channel().provider();
        routed.exchange().attempt(routed);
        var options = UpstreamClients.post(provider, routed.channel().timeouts(), path, routed.key().secret(), stream,
                protocolHeaders);
        clients.request(provider, options)
                .onSuccess(request -> send(routed, request, wrapped(body), stream, (response, watch) -> {
                    answered.accept(routed.key(), response);
                    then.accept(response, watch);
                }))
                .onFailure(e -> connectionFailed(routed, e));
    }

    private static void send(Routed routed, HttpClientRequest request, Buffer body, boolean stream,
                             BiConsumer<HttpClientResponse, UpstreamWatch> then) {
        Exchange exchange = routed.exchange();
        if (exchange.ended()) {
            request.reset();
            return;
        }
        exchange.upstreamRequest(request);
        exchange.passport.upstreamSent();
        UpstreamWatch watch = UpstreamWatch.start(Vertx.currentContext(), routed.channel().timeouts(),
                routed.providerName(), stream, error -> timedOut(routed, request, error));
        request.send(body)
                .onSuccess(response -> {
                    exchange.passport.firstUpstreamByte();
                    exchange.responded(routed, response.statusCode());
                    response.end().onComplete(ended -> watch.stop());
                    if (!stream || !isEventStream(response) || response.statusCode() / 100 != 2) {
                        watch.wholeBody();
                    }
                    then.accept(response, watch);
                })
                .onFailure(e -> {
                    watch.stop();
                    connectionFailed(routed, e);
                });
    }

    /**
     * The body as a buffer over the same bytes: {@code Buffer.buffer(byte[])} copies them, once more per attempt, and
     * a coding agent's prompt is hundreds of kilobytes. Nothing writes to a body once it is made, and each attempt
     * gets a wrapper of its own, which the write may release without touching the bytes. A whole answer passed
     * through goes to the client the same way, once it has been metered.
     */
    static Buffer wrapped(byte[] body) {
        return BufferInternal.buffer(Unpooled.wrappedBuffer(body));
    }

    /**
     * A limit broke while nothing had reached the client: the attempt fails as a timeout, and only then is the
     * call dropped, so that what the reset itself reports is ignored as coming from a finished attempt.
     */
    private static void timedOut(Routed routed, HttpClientRequest request, ApiError error) {
        if (!routed.exchange().ended()) {
            routed.failed(new UpstreamOutcome.ConnectionFailed(true), error);
        }
        request.reset();
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
