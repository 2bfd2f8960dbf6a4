package dev.parley.server;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/**
 * Work too long for an event loop, run on a Vert.x worker thread, its result handled on the calling event loop
 * again. Local token counts are the case: counting a coding agent's prompt takes milliseconds (about 4 ms for Claude
 * Code's first turn of 80 kB, more as the conversation grows) and the first count loads the vocabulary (about
 * 300 ms), time in which every other connection of the event loop, streams included, would wait.
 */
final class OffLoop {

    private OffLoop() {
    }

    /**
     * Runs {@code work} on a worker thread, unordered (calls of different requests need not wait for each other).
     * Off a Vert.x context it runs at once, on the calling thread.
     */
    static <T> Future<T> run(Callable<T> work) {
        Context context = Vertx.currentContext();
        if (context != null) {
            return context.executeBlocking(work, false);
        }
        try {
            return Future.succeededFuture(work.call());
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
    }
}
