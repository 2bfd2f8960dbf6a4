package dev.parley.server;

import dev.parley.core.config.InputLimits;
import io.vertx.core.Vertx;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how long a connection may take to send request headers. Its first request's must be in within
 * {@code header_timeout} of the connection's start ({@link #boundFirstRequest}); after a response, its next request's
 * within {@code keep_alive_timeout} (idle, or trickling its headers). One per event loop's server, so it needs no
 * locking. Bodies have their own timeout ({@link BodyReader}); a response being streamed is never cut by this.
 */
final class ConnectionGuard {

    /** The name Vert.x gives the idle handler it puts in front of every connection that has idle timeouts. */
    static final String IDLE_HANDLER = "idle";

    private final Vertx vertx;
    private final InputLimits limits;
    private final Map<HttpConnection, Watch> watches = new HashMap<>();

    ConnectionGuard(Vertx vertx, InputLimits limits) {
        this.vertx = vertx;
        this.limits = limits;
    }

    /**
     * What a connection has: requests still being answered, since when it has been idle, and the timer that closes
     * it when idle for too long. The timer is not moved by every request (a cancel and a new timer cost an event
     * loop more than the rest of this class): it stays where it was set, and when it fires, {@link #idleFor} says
     * whether the connection has been idle long enough or when to look again.
     */
    private static final class Watch {
        int active;
        long idleSinceNanos;
        long timer = -1;
    }

    /** What a fired keep-alive timer finds: close the connection, look again after a while, or wait for a request. */
    sealed interface Verdict {
        record Close() implements Verdict {}

        record LookAgain(long afterNanos) implements Verdict {}

        /** Busy: the end of its response sets the timer again. */
        record Busy() implements Verdict {}
    }

    /**
     * The keep-alive decision when the timer fires at {@code nowNanos} on a connection with {@code active} requests,
     * idle since {@code idleSinceNanos}: closed once idle for {@code timeoutNanos}, never earlier, never while busy.
     */
    static Verdict idleFor(int active, long idleSinceNanos, long nowNanos, long timeoutNanos) {
        if (active > 0) {
            return new Verdict.Busy();
        }
        long left = timeoutNanos - (nowNanos - idleSinceNanos);
        return left > 0 ? new Verdict.LookAgain(left) : new Verdict.Close();
    }

    /**
     * The first request's bound. Vert.x makes a connection known only once its first request's headers are in, so
     * nothing of Parley's runs while a client connects and sends nothing or trickles its first headers. The one
     * thing that does is the idle handler Vert.x puts in front of each connection when the options ask for one: a
     * write-idle timeout fires that long after the connection's start (or the last byte of its TLS handshake), since
     * Parley writes nothing before a request is in, however slowly the client sends, and Vert.x closes the connection
     * then. The handler is taken out when the first request arrives ({@link #opened}), so that an answer Parley is
     * silent on for a while (a stream waiting for its first token) is never cut by it.
     */
    static void boundFirstRequest(HttpServerOptions options, InputLimits limits) {
        options.setWriteIdleTimeout((int) limits.headerTimeout().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    }

    /** Called with the connection's first request already in: it is busy, not idle. */
    void opened(HttpConnection connection) {
        releaseFirstRequestBound(connection);
        Watch watch = new Watch();
        watches.put(connection, watch);
        connection.closeHandler(v -> {
            Watch gone = watches.remove(connection);
            if (gone != null) {
                vertx.cancelTimer(gone.timer);
            }
        });
    }

    /** A request's headers arrived: the connection is busy until its response ends. */
    void started(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        Watch watch = watches.get(connection);
        if (watch == null) {
            return;
        }
        watch.active++;
        // Not the response's close handler, which the exchange owns: a connection that closes is forgotten anyway.
        request.response().endHandler(v -> finished(connection, watch));
    }

    private void finished(HttpConnection connection, Watch watch) {
        watch.active = Math.max(0, watch.active - 1);
        if (watch.active == 0 && watches.containsKey(connection)) {
            watch.idleSinceNanos = System.nanoTime();
            if (watch.timer == -1) {
                arm(connection, watch, limits.keepAliveTimeout().toNanos());
            }
        }
    }

    /**
     * Every HTTP connection of a TCP listener is a {@link ConnectionBase}, whose channel holds the idle handler; one
     * that is not (none today) has no such handler either.
     */
    private static void releaseFirstRequestBound(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            ChannelPipeline pipeline = base.channel().pipeline();
            if (pipeline.get(IDLE_HANDLER) != null) {
                pipeline.remove(IDLE_HANDLER);
            }
        }
    }

    private void arm(HttpConnection connection, Watch watch, long nanos) {
        // Rounded up: a timer a fraction of a millisecond early would only have to be set once more.
        watch.timer = vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999)), id -> {
            watch.timer = -1;
            switch (idleFor(watch.active, watch.idleSinceNanos, System.nanoTime(),
                    limits.keepAliveTimeout().toNanos())) {
                // At once: close() would wait gracefully for the request the client is still trickling in.
                case Verdict.Close c -> connection.shutdown(Duration.ZERO);
                case Verdict.LookAgain again -> arm(connection, watch, again.afterNanos());
                case Verdict.Busy b -> {
                    // finished() sets it again when the connection's last answer ends.
                }
            }
        });
    }
}
