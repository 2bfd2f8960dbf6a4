package dev.parley.core.routing;

import java.time.Duration;
import java.time.Instant;

/**
 * Keeps retries to a fraction of the traffic, so that an outage does not become a retry storm: over a sliding
 * window, retries may number at most {@code ratio} × requests, plus a small reserve so that a quiet gateway can
 * still retry its few requests. Shared by every event loop (hence {@code synchronized}); the time is the caller's.
 */
public final class RetryBudget {

    /** The window, in one-second buckets. */
    static final int SECONDS = 10;
    /** Retries always allowed per window, whatever the traffic. */
    static final int RESERVE = 10;

    private final double ratio;
    private final long[] requests = new long[SECONDS];
    private final long[] retries = new long[SECONDS];
    private final long[] bucketSecond = new long[SECONDS];

    public RetryBudget(double ratio) {
        if (!(ratio >= 0) || Double.isInfinite(ratio)) {
            throw new IllegalArgumentException("a retry budget is a fraction >= 0: " + ratio);
        }
        this.ratio = ratio;
    }

    /** A new request (its first attempt) arrived: it earns the budget its share. */
    public synchronized void request(Instant now) {
        requests[bucket(now)]++;
    }

    /** Takes one retry from the budget if there is room, and says whether there was. */
    public synchronized boolean tryRetry(Instant now) {
        bucket(now);
        long second = now.getEpochSecond();
        long requested = 0;
        long retried = 0;
        for (int i = 0; i < SECONDS; i++) {
            if (second - bucketSecond[i] < SECONDS) {
                requested += requests[i];
                retried += retries[i];
            }
        }
        if (retried >= RESERVE + (long) Math.floor(ratio * requested)) {
            return false;
        }
        retries[bucket(now)]++;
        return true;
    }

    /** The window the budget is counted over. */
    public static Duration window() {
        return Duration.ofSeconds(SECONDS);
    }

    /** The bucket of {@code now}'s second, emptied first if it last counted an older second. */
    private int bucket(Instant now) {
        long second = now.getEpochSecond();
        int index = (int) Math.floorMod(second, SECONDS);
        if (bucketSecond[index] != second) {
            bucketSecond[index] = second;
            requests[index] = 0;
            retries[index] = 0;
        }
        return index;
    }
}
