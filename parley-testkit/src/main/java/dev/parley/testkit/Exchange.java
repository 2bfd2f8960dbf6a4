package dev.parley.testkit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request's answer as it goes out on the wire, confined to the event loop: delays on timers, events written
 * one by one or all at once, and the fake's deliberate endings told apart from the client hanging up.
 */
final class Exchange {

    /** How a stream ends once its events have been written. */
    sealed interface Ending {
        /** The whole stream, terminator included. */
        record Complete() implements Ending {}

        /** The first {@code events}, then silence, then a close. */
        record Stall(int events, Duration duration) implements Ending {}

        /** The first {@code events}, then the connection dropped. */
        record Cut(int events) implements Ending {}

        /** The first {@code events}, then {@code error}, then a proper end of the response. */
        record ErrorEvent(int events, Buffer error) implements Ending {}
    }

    private final Vertx vertx;
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final RecordedRequest recorded;
    private final Recorder recorder;
    private final long epoch;
    /** Set once the fake has ended or dropped the response itself; a close before that is the client's doing. */
    private boolean done;
    private int eventsSent;
    private long timer = -1;
    private Future<Void> lastWrite = Future.succeededFuture();

    Exchange(Vertx vertx, HttpServerRequest request, RecordedRequest recorded, Recorder recorder, long epoch) {
        this.vertx = vertx;
        this.request = request;
        this.response = request.response();
        this.recorded = recorded;
        this.recorder = recorder;
        this.epoch = epoch;
        response.closeHandler(ignored -> clientLeft());
        response.exceptionHandler(ignored -> clientLeft());
    }

    /** Runs {@code action} after {@code delay}, unless the client leaves first. */
    void later(Duration delay, Runnable action) {
        if (!delay.isPositive()) {
            action.run();
            return;
        }
        timer = vertx.setTimer(Math.max(1, delay.toMillis()), id -> {
            timer = -1;
            if (!done) {
                action.run();
            }
        });
    }

    void respond(int status, String contentType, Map<String, String> headers, Buffer body, Runnable onComplete) {
        if (done) {
            return;
        }
        done = true;
        response.setStatusCode(status);
        headers.forEach(response::putHeader);
        response.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        response.end(body).onSuccess(ignored -> onComplete.run());
    }

    void respond(ErrorResponse error, String contentType, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(error.headers());
        respond(error.status(), contentType, all, error.body(), () -> {});
    }

    void stream(String contentType, Map<String, String> headers, List<Buffer> frames, Duration gap, Ending ending,
            Runnable onComplete) {
        if (done) {
            return;
        }
        response.setStatusCode(200).setChunked(true);
        headers.forEach(response::putHeader);
        response.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        response.putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        if (ending instanceof Ending.Complete && !gap.isPositive()) {
            done = true;
            eventsSent = frames.size();
            // An HTTP chunk per event, as a provider's server writes a stream, all in one go.
            frames.forEach(response::write);
            response.end().onSuccess(ignored -> onComplete.run());
            return;
        }
        lastWrite = response.writeHead();
        int limit = switch (ending) {
            case Ending.Complete() -> frames.size();
            case Ending.Stall(int events, _) -> events;
            case Ending.Cut(int events) -> events;
            case Ending.ErrorEvent(int events, _) -> events;
        };
        writeFrom(frames, 0, limit, gap, () -> finish(ending, onComplete));
    }

    /** A non-streaming body that fails halfway: the headers promise all of it, half arrives. */
    void partialBody(String contentType, Map<String, String> headers, Buffer body, Optional<Duration> stall) {
        if (done) {
            return;
        }
        response.setStatusCode(200);
        headers.forEach(response::putHeader);
        response.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()));
        lastWrite = response.write(body.getBuffer(0, body.length() / 2));
        stall.ifPresentOrElse(duration -> later(duration, this::cut), this::cut);
    }

    /** Says nothing at all for {@code duration}, then drops the connection. */
    void stallThenClose(Duration duration) {
        later(duration, this::cut);
    }

    /** Resets the connection without a byte of response. */
    void reset() {
        done = true;
        Connections.reset(request.connection());
    }

    void recordServed(WireFormat format, boolean streamed, Usage usage) {
        recorder.served(epoch, new Served(recorded, format, streamed, usage, Instant.now()));
    }

    private void writeFrom(List<Buffer> frames, int next, int limit, Duration gap, Runnable then) {
        if (done) {
            return;
        }
        if (next >= limit) {
            then.run();
            return;
        }
        if (!gap.isPositive()) {
            lastWrite = response.write(join(frames, next, limit));
            eventsSent = limit;
            then.run();
            return;
        }
        lastWrite = response.write(frames.get(next));
        eventsSent = next + 1;
        if (next + 1 >= limit) {
            then.run();
        } else {
            later(gap, () -> writeFrom(frames, next + 1, limit, gap, then));
        }
    }

    private void finish(Ending ending, Runnable onComplete) {
        switch (ending) {
            case Ending.Complete() -> {
                done = true;
                response.end().onSuccess(ignored -> onComplete.run());
            }
            case Ending.Stall(_, Duration duration) -> later(duration, this::cut);
            case Ending.Cut(_) -> cut();
            case Ending.ErrorEvent(_, Buffer error) -> {
                done = true;
                response.end(error);
            }
        }
    }

    /** Drops the connection once what was written has reached the socket, so the client sees exactly that. */
    private void cut() {
        done = true;
        lastWrite.onComplete(ignored -> Connections.cut(request.connection()));
    }

    private void clientLeft() {
        if (done) {
            return;
        }
        done = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        recorder.hangUp(epoch, new HangUp(recorded, eventsSent, Instant.now()));
    }

    private static Buffer join(List<Buffer> frames, int from, int to) {
        if (to - from == 1) {
            return frames.get(from);
        }
        int size = 0;
        for (int i = from; i < to; i++) {
            size += frames.get(i).length();
        }
        Buffer joined = Buffer.buffer(size);
        for (int i = from; i < to; i++) {
            joined.appendBuffer(frames.get(i));
        }
        return joined;
    }
}
