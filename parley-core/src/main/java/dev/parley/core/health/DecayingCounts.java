package dev.parley.core.health;

/**
 * Successes and failures whose weight halves every half-life: a window without edges, so a rate never jumps
 * when an old outcome drops out. Not thread-safe; its owners guard it with their own lock.
 */
final class DecayingCounts {

    private final double halfLifeNanos;
    private double successes;
    private double failures;
    private long at;
    private boolean started;

    DecayingCounts(long halfLifeNanos) {
        this.halfLifeNanos = halfLifeNanos;
    }

    /** The weight left to something {@code elapsedNanos} old; a reading from the past (threads race) decays nothing. */
    static double decay(long elapsedNanos, double halfLifeNanos) {
        return elapsedNanos <= 0 ? 1.0 : Math.exp(-Math.log(2) * elapsedNanos / halfLifeNanos);
    }

    void add(boolean success, long nowNanos) {
        decayTo(nowNanos);
        if (success) {
            successes += 1;
        } else {
            failures += 1;
        }
    }

    /** Successes divided by calls, counting one imaginary success so that a single failure is not a 0% rate. */
    double successRate() {
        return (successes + 1) / (successes + failures + 1);
    }

    double failureRate() {
        double calls = successes + failures;
        return calls == 0 ? 0 : failures / calls;
    }

    double calls(long nowNanos) {
        decayTo(nowNanos);
        return successes + failures;
    }

    void reset() {
        successes = 0;
        failures = 0;
        started = false;
    }

    private void decayTo(long nowNanos) {
        if (!started) {
            at = nowNanos;
            started = true;
            return;
        }
        // Differences, not comparisons, so that nanoTime wrap-around is harmless.
        double factor = decay(nowNanos - at, halfLifeNanos);
        successes *= factor;
        failures *= factor;
        if (nowNanos - at > 0) {
            at = nowNanos;
        }
    }
}
