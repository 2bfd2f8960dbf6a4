package dev.parley.core.health;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live statistics of one channel: time to first byte, requests in flight, recent success rate, failures in a
 * row. Thread-safe. Counters are atomics; the two decaying averages share one small lock, and their results
 * are published in volatile fields so that the selector reads them without locking. No update allocates.
 */
public final class ChannelHealth {

    private final double latencyHalfLifeNanos;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    private final Object lock = new Object();
    // Guarded by lock. The latency average is a time-decayed mean (weighted sum / weight) rather than
    // "old * w + new * (1 - w)": samples that arrive at the same instant then all count, instead of all but one
    // being ignored, and after a long silence the first new sample dominates, as it should.
    private double latencyWeight;
    private double latencySum;
    private long latencyAt;
    private final DecayingCounts window;

    private volatile double latencyEwmaNanos;
    private volatile double successRate = 1.0;

    public ChannelHealth(HealthConfig config) {
        this.latencyHalfLifeNanos = config.latencyHalfLife().toNanos();
        this.window = new DecayingCounts(config.windowHalfLife().toNanos());
        this.latencyEwmaNanos = config.initialLatency().toNanos();
    }

    /** A request to this channel has begun. Each must end with exactly one of the three calls below. */
    public void started() {
        inFlight.incrementAndGet();
    }

    /** The first byte of an answer arrived {@code latencyNanos} after the request was sent. */
    public void firstByte(long latencyNanos, long nowNanos) {
        long sample = Math.max(0, latencyNanos);
        synchronized (lock) {
            double factor = latencyWeight == 0 ? 0 : DecayingCounts.decay(nowNanos - latencyAt, latencyHalfLifeNanos);
            latencyWeight = latencyWeight * factor + 1;
            latencySum = latencySum * factor + sample;
            if (factor == 0 || nowNanos - latencyAt > 0) {
                latencyAt = nowNanos;
            }
            latencyEwmaNanos = latencySum / latencyWeight;
        }
    }

    public void succeeded(long nowNanos) {
        inFlight.decrementAndGet();
        consecutiveFailures.set(0);
        successes.incrementAndGet();
        record(true, nowNanos);
    }

    public void failed(long nowNanos) {
        inFlight.decrementAndGet();
        consecutiveFailures.incrementAndGet();
        failures.incrementAndGet();
        record(false, nowNanos);
    }

    /** The request ended without a verdict on the channel (the client hung up first). */
    public void abandoned() {
        inFlight.decrementAndGet();
    }

    private void record(boolean success, long nowNanos) {
        synchronized (lock) {
            window.add(success, nowNanos);
            // Decay scales successes and failures alike, so the rate is correct until the next outcome.
            successRate = window.successRate();
        }
    }

    /** Time-decayed mean time to first byte, or the configured initial latency before any sample. */
    public double latencyEwmaNanos() {
        return latencyEwmaNanos;
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Recent successes over recent outcomes, in (0, 1]; 1 before any outcome. */
    public double successRate() {
        return successRate;
    }

    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    /** Every success since creation. */
    public long successes() {
        return successes.get();
    }

    /** Every failure since creation. */
    public long failures() {
        return failures.get();
    }

    /**
     * The expected cost of sending one more request here; lower is better. Latency times the queue it would join
     * (the requests already in flight plus this one), inflated by the share of requests that fail, since a
     * failure costs a retry elsewhere.
     */
    public double score() {
        return latencyEwmaNanos * (inFlight.get() + 1) / successRate;
    }
}
