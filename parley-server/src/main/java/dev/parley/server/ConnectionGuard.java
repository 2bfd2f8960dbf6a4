package dev.parley.server;

import dev.parley.core.config.InputLimits;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Closes a kept-alive connection whose next request's headers have not arrived within {@code keep_alive_timeout}
 * after its last response (idle, or trickling its headers). Vert.x makes a connection known only once its first
 * request's headers are in, so the first request of a connection is not bounded here. One per event loop's server,
 * so it needs no locking. Bodies have their own timeout ({@link BodyReader}); a response being streamed is never cut
 * by this.
 */
final class ConnectionGuard {

    private final Vertx vertx;
    private final InputLimits limits;
    private final Map<HttpConnection, Watch> watches = new HashMap<>();

    ConnectionGuard(Vertx vertx, InputLimits limits) {
        this.vertx = vertx;
        this.limits = limits;
    }

    /** What a connection has: requests still being answered, and the timer that closes it when idle. */
    private static final class Watch {
        int active;
        long timer = -1;
    }

    /** Called with the connection's first request already in: it is busy, not idle. */
    void opened(HttpConnection connection) {
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
        vertx.cancelTimer(watch.timer);
        // Not the response's close handler, which the exchange owns: a connection that closes is forgotten anyway.
        request.response().endHandler(v -> finished(connection, watch));
    }

    private void finished(HttpConnection connection, Watch watch) {
        watch.active = Math.max(0, watch.active - 1);
        if (watch.active == 0 && watches.containsKey(connection)) {
            arm(connection, watch, limits.keepAliveTimeout().toMillis());
        }
    }

    private void arm(HttpConnection connection, Watch watch, long millis) {
        vertx.cancelTimer(watch.timer);
        watch.timer = vertx.setTimer(Math.max(1, millis), id -> {
            if (watch.active == 0) {
                // At once: close() would wait gracefully for the request the client is still trickling in.
                connection.shutdown(Duration.ZERO);
            }
        });
    }
}
