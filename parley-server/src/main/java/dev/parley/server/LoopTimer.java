package dev.parley.server;

import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.TimeUnit;

/**
 * A one-shot timer of an event loop's own, for the timers set and cancelled once per request. It is Netty's
 * scheduler of the context's event loop, and the task runs on that context as a Vert.x timer's handler would.
 * {@code Vertx.setTimer} also files each timer in a map of the whole instance and among its verticle's close hooks,
 * and takes it out of both again when cancelled: more than the rest of a watch's work for a request. The loops stop
 * with Parley, and with them what is still scheduled, so nothing needs those hooks here.
 */
final class LoopTimer {

    private final ScheduledFuture<?> scheduled;

    private LoopTimer(ScheduledFuture<?> scheduled) {
        this.scheduled = scheduled;
    }

    /** Runs {@code task} on {@code context} after {@code delayNanos}, unless cancelled first. */
    static LoopTimer after(Context context, long delayNanos, Runnable task) {
        ContextInternal internal = (ContextInternal) context;
        return new LoopTimer(internal.nettyEventLoop().schedule(() -> internal.dispatch(task),
                Math.max(0, delayNanos), TimeUnit.NANOSECONDS));
    }

    /**
     * Runs {@code task} on {@code context} once its event loop has handled the I/O it is handling now: Netty runs
     * the loop's queued tasks after each round of reads, so what the reads of one round wrote can go out together.
     */
    static void afterThisRound(Context context, Runnable task) {
        ContextInternal internal = (ContextInternal) context;
        internal.nettyEventLoop().execute(() -> internal.dispatch(task));
    }

    /** The task will not run, if it has not yet. On the context's event loop, it leaves the scheduler at once. */
    void cancel() {
        scheduled.cancel(false);
    }
}
