package dev.parley.core.health;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request sent to one channel. Reports what happened to the channel's health and breaker, and makes sure a
 * request ends once: a second ending (say, a hang-up racing a failure) is ignored, so in-flight counts and the
 * breaker's probe slot cannot drift.
 */
public final class Attempt<C> {

    private final MonitoredChannel<C> target;
    private final Admission admission;
    private final long startedNanos;
    private final AtomicBoolean firstByteSeen = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();

    Attempt(MonitoredChannel<C> target, Admission admission, long startedNanos) {
        this.target = target;
        this.admission = admission;
        this.startedNanos = startedNanos;
    }

    public C channel() {
        return target.channel();
    }

    public MonitoredChannel<C> target() {
        return target;
    }

    /** Whether this request is the half-open circuit's probe. */
    public Admission admission() {
        return admission;
    }

    /** The first byte of the answer arrived; its delay feeds the channel's latency average (once). */
    public void firstByte(long nowNanos) {
        if (!ended.get() && firstByteSeen.compareAndSet(false, true)) {
            target.health().firstByte(nowNanos - startedNanos, nowNanos);
        }
    }

    public void succeeded(long nowNanos) {
        if (ended.compareAndSet(false, true)) {
            target.health().succeeded(nowNanos);
            target.breaker().onSuccess(admission, nowNanos);
        }
    }

    public void failed(long nowNanos) {
        if (ended.compareAndSet(false, true)) {
            target.health().failed(nowNanos);
            target.breaker().onFailure(admission, nowNanos);
        }
    }

    /** Ended without a verdict on the channel: the client left, or the caller gave up for its own reasons. */
    public void abandoned() {
        if (ended.compareAndSet(false, true)) {
            target.health().abandoned();
            target.breaker().onAbandon(admission);
        }
    }
}
