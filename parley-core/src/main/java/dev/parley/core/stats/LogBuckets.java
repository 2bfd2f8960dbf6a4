package dev.parley.core.stats;

import java.time.Duration;
import java.util.Optional;

/**
 * Log-spaced histogram buckets for durations: bucket {@code i} holds what is above bound {@code i - 1} and at most
 * bound {@code i}, bound {@code i} being {@code first × growth^i}; the last bucket also holds everything longer.
 * Histograms are plain count arrays, so that they add up by addition (in SQL as well), and a percentile read from a
 * sum is the percentile of all the samples, within one bucket's growth: it is the bound of the bucket that holds
 * it, an upper bound.
 *
 * @param first the first bucket's bound
 * @param growth how much wider each bound is than the one before, above 1
 * @param count how many buckets
 */
public record LogBuckets(Duration first, double growth, int count) {

    public LogBuckets {
        if (!first.isPositive() || !(growth > 1) || count < 2) {
            throw new IllegalArgumentException("log buckets need a positive first bound, a growth above 1 and at"
                    + " least two buckets: " + first + ", " + growth + ", " + count);
        }
    }

    /** The bucket of {@code sample}: the first whose bound is at least it (the last for anything longer). */
    public int slotOf(Duration sample) {
        long nanos = sample.toNanos();
        double firstNanos = first.toNanos();
        if (nanos <= firstNanos) {
            return 0;
        }
        int i = (int) Math.ceil(Math.log(nanos / firstNanos) / Math.log(growth));
        // Guards against the logarithm's rounding on either side of a bound.
        while (i > 0 && bound(i - 1).toNanos() >= nanos) {
            i--;
        }
        while (i < count - 1 && bound(i).toNanos() < nanos) {
            i++;
        }
        return Math.min(i, count - 1);
    }

    /** The upper bound of bucket {@code slot}. */
    public Duration bound(int slot) {
        return Duration.ofNanos(Math.round(first.toNanos() * Math.pow(growth, slot)));
    }

    /**
     * The bound of the bucket holding the {@code q} quantile of {@code histogram}'s samples: the smallest bound with
     * at least {@code q} of them at or below it. Empty without samples.
     */
    public Optional<Duration> percentile(long[] histogram, double q) {
        long total = 0;
        for (long n : histogram) {
            total += n;
        }
        if (total == 0) {
            return Optional.empty();
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= rank) {
                return Optional.of(bound(i));
            }
        }
        return Optional.of(bound(histogram.length - 1));
    }
}
