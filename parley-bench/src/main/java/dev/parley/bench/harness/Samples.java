package dev.parley.bench.harness;

import java.util.Arrays;

/**
 * Durations in nanoseconds, every one kept: a run's few hundred thousand samples sort in milliseconds and give
 * exact percentiles, with no bucketing to reason about. Safe to add to from several event loops.
 */
final class Samples {

    private long[] values = new long[1024];
    private int size;

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized int size() {
        return size;
    }

    /** The nearest-rank percentile in microseconds (0 when empty), {@code p} in [0, 100]. */
    synchronized double percentileMicros(double p) {
        if (size == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.clamp(rank - 1, 0, size - 1)] / 1_000.0;
    }
}
