package dev.parley.server;

import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.sse.SseException;
import dev.parley.core.sse.SseParser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * Reads an upstream event stream event by event and writes what each stands for to the client, flushed at once.
 * What every relay shares lives here: the late commit (the client's response starts with the first bytes Parley
 * has for it, so a request that fails before that still gets a proper HTTP error), backpressure (a slow client
 * pauses the upstream read instead of growing Parley's memory), and cut or failed upstreams.
 */
abstract class SseRelay {

    protected final Routed routed;
    protected final Exchange exchange;
    protected final HttpClientResponse upstream;
    protected final HttpServerResponse response;
    private final SseParser parser = new SseParser();

    SseRelay(Routed routed, HttpClientResponse upstream) {
        this.routed = routed;
        this.exchange = routed.exchange();
        this.upstream = upstream;
        this.response = exchange.response;
    }

    final void start() {
        response.drainHandler(v -> upstream.resume());
        upstream.handler(this::onChunk);
        upstream.endHandler(v -> {
            if (!exchange.ended()) {
                onUpstreamEnd();
            }
        });
        upstream.exceptionHandler(this::onFailure);
    }

    /** Adds to {@code out} what one upstream event stands for on the client's side. */
    protected abstract void onEvent(SseEvent event, Buffer out);

    /** The upstream body ended (whether or not its protocol's end marker came). */
    protected abstract void onUpstreamEnd();

    private void onChunk(Buffer chunk) {
        if (exchange.ended()) {
            return;
        }
        List<SseEvent> events;
        try {
            events = parser.feed(chunk.getBytes());
        } catch (SseException e) {
            upstream.request().reset();
            exchange.fail(ApiError.of(ErrorKind.UPSTREAM, "Provider '" + routed.providerName()
                    + "' sent a malformed stream: " + e.getMessage()));
            return;
        }
        Buffer out = Buffer.buffer();
        for (SseEvent event : events) {
            onEvent(event, out);
            if (exchange.ended()) {
                return;
            }
        }
        write(out);
    }

    /** Writes event bytes to the client, starting the event-stream response with the first of them. */
    protected final void write(Buffer out) {
        if (out.length() == 0 || exchange.ended()) {
            return;
        }
        if (!response.headWritten()) {
            response.setStatusCode(200)
                    .setChunked(true)
                    .putHeader("content-type", "text/event-stream; charset=utf-8")
                    .putHeader("cache-control", "no-cache")
                    .putHeader("x-accel-buffering", "no");
        }
        response.write(out);
        if (response.writeQueueFull()) {
            upstream.pause();
        }
    }

    /** The upstream connection failed mid-body. */
    protected void onFailure(Throwable cause) {
        if (exchange.ended()) {
            return;
        }
        exchange.fail(cutOrTimeout(cause));
    }

    protected final ApiError cutOrTimeout(Throwable cause) {
        ApiError error = UpstreamFailures.fromException(routed.channel(), cause);
        // A dropped connection mid-stream is a cut stream, whichever way the socket reported it.
        return error.kind() == ErrorKind.TIMEOUT ? error : streamCut();
    }

    protected final ApiError streamCut() {
        return ApiError.of(ErrorKind.UPSTREAM, "stream_cut",
                "Provider '" + routed.providerName() + "' ended the stream before it was complete.");
    }
}
