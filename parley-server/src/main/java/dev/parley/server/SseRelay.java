package dev.parley.server;

import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.routing.UpstreamOutcome;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.sse.SseException;
import dev.parley.core.sse.SseParser;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
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
    /** The error code of a stream that ended before its protocol's end marker. */
    static final String STREAM_CUT = "stream_cut";
    /** How long a started client stream may go without a byte before it gets a keep-alive. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(10);
    /** How often a stream checks for that silence: one cheap timer per stream. */
    private static final Duration IDLE_CHECK = Duration.ofSeconds(1);

    private final SseParser parser = new SseParser();
    private long lastWrite = System.nanoTime();
    /** Set once this attempt failed before any output and another attempt took over: nothing more of it counts. */
    private boolean abandoned;

    SseRelay(Routed routed, HttpClientResponse upstream) {
        this.routed = routed;
        this.exchange = routed.exchange();
        this.upstream = upstream;
        this.response = exchange.response;
    }

    final void start() {
        Context context = Vertx.currentContext();
        if (keepsAlive() && context != null) {
            Vertx vertx = context.owner();
            vertx.setPeriodic(IDLE_CHECK.toMillis(), timer -> idle(vertx, timer));
        }
        response.drainHandler(v -> upstream.resume());
        upstream.handler(this::onChunk);
        upstream.endHandler(v -> {
            if (!exchange.ended() && !abandoned) {
                onUpstreamEnd();
            }
        });
        upstream.exceptionHandler(this::onFailure);
    }

    /** Whether this relay sends keep-alives of its own; a pass-through client gets the provider's own pings. */
    protected boolean keepsAlive() {
        return false;
    }

    /** Bytes that keep an idle client stream alive without changing what it sees. */
    protected byte[] keepAlive() {
        return new byte[0];
    }

    /**
     * A long silence from the provider (a model thinking before its next output) must not look dead to the client
     * or a proxy between: Codex gives up after 300 s without an event. Only once the response has started: before
     * that, a byte would commit it.
     */
    private void idle(Vertx vertx, long timer) {
        if (exchange.ended() || abandoned) {
            vertx.cancelTimer(timer);
            return;
        }
        if (!response.headWritten() || System.nanoTime() - lastWrite < KEEP_ALIVE.toNanos()) {
            return;
        }
        byte[] bytes = keepAlive();
        if (bytes.length > 0) {
            response.write(Buffer.buffer(bytes));
            lastWrite = System.nanoTime();
        }
    }

    /** Adds to {@code out} what one upstream event stands for on the client's side. */
    protected abstract void onEvent(SseEvent event, Buffer out);

    /** The upstream body ended (whether or not its protocol's end marker came). */
    protected abstract void onUpstreamEnd();

    private void onChunk(Buffer chunk) {
        if (exchange.ended() || abandoned) {
            return;
        }
        List<SseEvent> events;
        try {
            events = parser.feed(chunk.getBytes());
        } catch (SseException e) {
            ApiError error = ApiError.of(ErrorKind.UPSTREAM, "Provider '" + routed.providerName()
                    + "' sent a malformed stream: " + e.getMessage());
            if (!retryBeforeOutput(new UpstreamOutcome.ConnectionFailed(false), error)) {
                upstream.request().reset();
                exchange.fail(error);
            }
            return;
        }
        Buffer out = Buffer.buffer();
        for (SseEvent event : events) {
            onEvent(event, out);
            if (exchange.ended() || abandoned) {
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
        startEventStream(response);
        response.write(out);
        lastWrite = System.nanoTime();
        if (response.writeQueueFull()) {
            upstream.pause();
        }
    }

    /** Starts the client's event-stream response, unless it has started; proxies are asked not to buffer it. */
    static void startEventStream(HttpServerResponse response) {
        if (!response.headWritten()) {
            response.setStatusCode(200)
                    .setChunked(true)
                    .putHeader("content-type", "text/event-stream; charset=utf-8")
                    .putHeader("cache-control", "no-cache")
                    .putHeader("x-accel-buffering", "no");
        }
    }

    /**
     * While nothing has reached the client, a failed stream is only a failed attempt: the upstream call is dropped
     * (and what it still sends ignored) and the failover decides between another attempt and the client's error.
     * Once a byte has gone out, never: the caller reports the failure inside the stream.
     *
     * @return whether the failure was handed over (the caller must then write nothing)
     */
    protected final boolean retryBeforeOutput(UpstreamOutcome outcome, ApiError error) {
        if (exchange.ended() || abandoned || response.headWritten()) {
            return false;
        }
        abandoned = true;
        upstream.request().reset();
        routed.failed(outcome, error);
        return true;
    }

    /** The upstream connection failed mid-body. */
    protected void onFailure(Throwable cause) {
        if (exchange.ended() || abandoned) {
            return;
        }
        ApiError error = cutOrTimeout(cause);
        if (!retryBeforeOutput(new UpstreamOutcome.ConnectionFailed(error.kind() == ErrorKind.TIMEOUT), error)) {
            exchange.fail(error);
        }
    }

    protected final boolean abandoned() {
        return abandoned;
    }

    protected final ApiError cutOrTimeout(Throwable cause) {
        ApiError error = UpstreamFailures.fromException(routed.channel(), cause);
        // A dropped connection mid-stream is a cut stream, whichever way the socket reported it.
        return error.kind() == ErrorKind.TIMEOUT ? error : streamCut();
    }

    protected final ApiError streamCut() {
        return ApiError.of(ErrorKind.UPSTREAM, STREAM_CUT,
                "Provider '" + routed.providerName() + "' ended the stream before it was complete.");
    }
}
