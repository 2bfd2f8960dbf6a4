package dev.parley.server;

import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.routing.UpstreamOutcome;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.sse.SseException;
import dev.parley.core.sse.SseParser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.List;

/**
 * Reads an upstream event stream event by event and writes what each stands for to the client, what one read of
 * the upstream brought together in one write ({@link Exchange#writeInRound}).
 * What every relay shares lives here: the late commit (nothing reaches the client, not even the status, until the
 * first upstream event that carries output: the preamble before it is held back, so that a provider that never
 * gets to its first token can still be failed over), backpressure (a slow client pauses the upstream read instead
 * of growing Parley's memory), cut or failed upstreams, and the stream's timeouts ({@link UpstreamWatch}).
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

    private final SseParser parser = new SseParser();
    private final UpstreamWatch watch;
    private long lastWrite = System.nanoTime();
    /** Set once this attempt failed before any output and another attempt took over: nothing more of it counts. */
    private boolean abandoned;
    /** Whether output has arrived; until then what the client is owed waits in {@link #held}. */
    private boolean released;
    private Buffer held = Buffer.buffer();

    SseRelay(Routed routed, HttpClientResponse upstream, UpstreamWatch watch) {
        this.routed = routed;
        this.exchange = routed.exchange();
        this.upstream = upstream;
        this.response = exchange.response;
        this.watch = watch;
    }

    final void start() {
        watch.onBreach(this::timedOut);
        if (keepsAlive()) {
            watch.keepAlive(new UpstreamWatch.KeepAlive() {
                @Override
                public long dueAt() {
                    // Also before the response starts: a wake-up then only finds nothing to do.
                    return lastWrite + KEEP_ALIVE.toNanos();
                }

                @Override
                public void send() {
                    sendKeepAlive();
                }
            });
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
    private void sendKeepAlive() {
        // Stamped even when nothing can be sent, so that the next one is due a full interval later.
        lastWrite = System.nanoTime();
        if (exchange.ended() || abandoned || !response.headWritten()) {
            return;
        }
        byte[] bytes = keepAlive();
        if (bytes.length > 0) {
            response.write(Buffer.buffer(bytes));
        }
    }

    /**
     * A limit of the channel's timeouts broke. Before output reached the client it is a failed attempt, which may
     * be retried elsewhere; after, the client's stream ends with its protocol's timeout error.
     */
    private void timedOut(ApiError error) {
        if (exchange.ended() || abandoned) {
            return;
        }
        if (!retryBeforeOutput(new UpstreamOutcome.ConnectionFailed(true), error)) {
            // Failed first and reset after, so that the reset is not reported as a cut stream.
            failInStream(error);
            upstream.request().reset();
        }
    }

    /** Ends the client's started stream with {@code error} in its protocol. */
    protected void failInStream(ApiError error) {
        exchange.fail(error);
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
        if (!events.isEmpty()) {
            watch.event();
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

    /**
     * Output arrived (or the stream's end): the preamble held back so far goes to the client with the next write,
     * ahead of what that write carries.
     */
    protected final void release() {
        if (!released) {
            released = true;
            watch.output();
        }
    }

    /**
     * Writes event bytes to the client, starting the event-stream response with the first of them; before the
     * first output they are held back instead.
     */
    protected final void write(Buffer out) {
        if (exchange.ended()) {
            return;
        }
        if (!released) {
            held.appendBuffer(out);
            return;
        }
        Buffer bytes = out;
        if (held.length() > 0) {
            bytes = held.appendBuffer(out);
            held = Buffer.buffer();
        }
        if (bytes.length() == 0) {
            return;
        }
        startEventStream(response);
        exchange.writeInRound(bytes);
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

    /** Whether output has arrived, so that a relay stops asking whether an event carries any. */
    protected final boolean released() {
        return released;
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
