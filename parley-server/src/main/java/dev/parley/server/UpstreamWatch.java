package dev.parley.server;

import dev.parley.core.config.Timeouts;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import io.vertx.core.Context;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The time limits of one upstream attempt from the moment its request is sent: {@code total} for every call, and
 * for a stream {@code first_token} until the first output, then {@code idle} between events. One timer per
 * attempt ({@link LoopTimer}), never one per event: events only stamp the time, and the timer, when it fires,
 * compares the stamps with the limits and re-arms itself for what is left. A stream relay's keep-alives are paced
 * by the same timer. Lives on the attempt's event loop, so it needs no locking.
 */
final class UpstreamWatch {

    /** Which limit an attempt broke; its name is the config key, so an operator knows what to raise. */
    enum Limit {
        FIRST_TOKEN("first_token"), IDLE("idle"), TOTAL("total");

        final String key;

        Limit(String key) {
            this.key = key;
        }
    }

    /** Something a relay does when the stream has been quiet towards its client for a while. */
    interface KeepAlive {
        /** When the next keep-alive is due, in {@link System#nanoTime()} terms; {@link Long#MAX_VALUE} for never. */
        long dueAt();

        void send();
    }

    private final Context context;
    private final Timeouts timeouts;
    private final String provider;
    private final long sentAt = System.nanoTime();
    private boolean stream;
    private boolean output;
    private long lastEvent = sentAt;
    private Optional<LoopTimer> timer = Optional.empty();
    private boolean stopped;
    private Consumer<ApiError> onBreach;
    private Optional<KeepAlive> keepAlive = Optional.empty();

    /**
     * Starts watching a request just sent.
     *
     * @param onBreach what a broken limit means until a relay says otherwise: a failed attempt
     */
    static UpstreamWatch start(Context context, Timeouts timeouts, String provider, boolean stream,
                               Consumer<ApiError> onBreach) {
        UpstreamWatch watch = new UpstreamWatch(context, timeouts, provider, stream, onBreach);
        watch.arm();
        return watch;
    }

    private UpstreamWatch(Context context, Timeouts timeouts, String provider, boolean stream,
                          Consumer<ApiError> onBreach) {
        this.context = context;
        this.timeouts = timeouts;
        this.provider = provider;
        this.stream = stream;
        this.onBreach = onBreach;
    }

    /** What a broken limit means from now on (a relay reports it in the stream once output has gone out). */
    void onBreach(Consumer<ApiError> handler) {
        this.onBreach = handler;
    }

    /** The answer is a whole body, not a stream: only {@code total} bounds it. */
    void wholeBody() {
        stream = false;
    }

    /** An upstream event arrived: the idle gap starts again. */
    void event() {
        lastEvent = System.nanoTime();
    }

    /** The first event that carries output arrived: from now on the idle gap, not the first token, is watched. */
    void output() {
        output = true;
        lastEvent = System.nanoTime();
        // The one moment a limit can come closer (idle after output may end before first_token would have).
        rearm();
    }

    void keepAlive(KeepAlive pace) {
        keepAlive = Optional.of(pace);
        rearm();
    }

    /** The attempt is over, one way or another: nothing more is watched. */
    void stop() {
        stopped = true;
        cancel();
    }

    private void fire() {
        timer = Optional.empty();
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        Optional<Limit> broken = broken(now);
        if (broken.isPresent()) {
            stop();
            onBreach.accept(error(broken.get()));
            return;
        }
        keepAlive.filter(pace -> pace.dueAt() <= now).ifPresent(KeepAlive::send);
        arm();
    }

    private Optional<Limit> broken(long now) {
        if (now - sentAt >= timeouts.total().toNanos()) {
            return Optional.of(Limit.TOTAL);
        }
        if (stream && !output && now - sentAt >= timeouts.firstToken().toNanos()) {
            return Optional.of(Limit.FIRST_TOKEN);
        }
        if (stream && output && now - lastEvent >= timeouts.idle().toNanos()) {
            return Optional.of(Limit.IDLE);
        }
        return Optional.empty();
    }

    /** The earliest moment something may be due: a limit as the stamps stand now, or a keep-alive. */
    private long nextCheck() {
        long next = sentAt + timeouts.total().toNanos();
        if (stream) {
            next = Math.min(next, output ? lastEvent + timeouts.idle().toNanos()
                    : sentAt + timeouts.firstToken().toNanos());
        }
        return Math.min(next, keepAlive.map(KeepAlive::dueAt).orElse(Long.MAX_VALUE));
    }

    private void arm() {
        if (stopped) {
            return;
        }
        timer = Optional.of(LoopTimer.after(context, nextCheck() - System.nanoTime(), this::fire));
    }

    private void rearm() {
        if (stopped) {
            return;
        }
        cancel();
        arm();
    }

    private void cancel() {
        timer.ifPresent(LoopTimer::cancel);
        timer = Optional.empty();
    }

    private ApiError error(Limit limit) {
        String what = switch (limit) {
            case FIRST_TOKEN -> "sent no output within " + timeouts.firstToken().toMillis();
            case IDLE -> "sent nothing for " + timeouts.idle().toMillis();
            case TOTAL -> "did not finish within " + timeouts.total().toMillis();
        };
        return ApiError.of(ErrorKind.TIMEOUT, "upstream_timeout", "Provider '" + provider + "' " + what
                + " ms (timeouts." + limit.key + ").");
    }
}
