package dev.parley.core.health;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One channel's recent attempts rolled up by time, for its status page: the last hour in one-minute buckets and the
 * last day in fifteen-minute buckets, each with counts (attempts, successes, failures, rate limits) and two
 * latency histograms (the whole attempt, and its time to first byte). A window's figures add the buckets it covers,
 * so a 5-minute view is exact to the minute and a 24-hour view to the quarter hour; percentiles are read from the
 * histograms' log-spaced buckets (each 25% wider than the last), so they are upper bounds within 25%.
 *
 * <p>Fixed memory (156 buckets) whatever the traffic; shared by every event loop under one lock held for a few
 * additions. Time is monotonic nanos, passed in.
 */
public final class ChannelWindows {

    /** The windows a status page shows. */
    public enum Span {
        FIVE_MINUTES(Duration.ofMinutes(5)),
        ONE_HOUR(Duration.ofHours(1)),
        ONE_DAY(Duration.ofHours(24));

        private final Duration length;

        Span(Duration length) {
            this.length = length;
        }

        public Duration length() {
            return length;
        }
    }

    /** How an attempt went, for these counts. */
    public enum Result {
        SUCCEEDED,
        FAILED,
        /** A 429: the key's limit, not the channel's fault, but a rate an operator watches. */
        RATE_LIMITED,
        /** No verdict: a refused key or a client that hung up; counted as an attempt only. */
        OTHER
    }

    /** One window's figures. Latencies are empty when no attempt in it had one. */
    public record Stats(long attempts, long successes, long failures, long rateLimited,
                        Optional<Duration> latencyP50, Optional<Duration> latencyP95,
                        Optional<Duration> firstByteP50, Optional<Duration> firstByteP95) {
        public Stats {
            Objects.requireNonNull(latencyP50, "latencyP50");
            Objects.requireNonNull(latencyP95, "latencyP95");
            Objects.requireNonNull(firstByteP50, "firstByteP50");
            Objects.requireNonNull(firstByteP95, "firstByteP95");
        }

        /** Successes among the attempts that got a verdict (succeeded or failed); 1 with none. */
        public double successRate() {
            long judged = successes + failures;
            return judged == 0 ? 1.0 : (double) successes / judged;
        }

        /** 429s among all attempts; 0 with none. */
        public double rateLimitedRate() {
            return attempts == 0 ? 0.0 : (double) rateLimited / attempts;
        }
    }

    static final int HISTOGRAM_BUCKETS = 64;
    /** The first histogram bound: 100 µs. Bound i is 100 µs × 1.25^i; the last one is about 14 minutes. */
    private static final double FIRST_BOUND_NANOS = 100_000;
    private static final double GROWTH = 1.25;
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();
    private static final long QUARTER = Duration.ofMinutes(15).toNanos();

    private final Bucket[] minutes = new Bucket[60];
    private final Bucket[] quarters = new Bucket[96];

    public ChannelWindows() {
        for (int i = 0; i < minutes.length; i++) {
            minutes[i] = new Bucket();
        }
        for (int i = 0; i < quarters.length; i++) {
            quarters[i] = new Bucket();
        }
    }

    /** Marks an attempt without a first byte, for {@link #record}. */
    public static final long NO_FIRST_BYTE = -1;

    /**
     * Counts one attempt that ended at {@code nowNanos}, having taken {@code latencyNanos}, its first byte after
     * {@code firstByteNanos} ({@link #NO_FIRST_BYTE} if none came). Allocates nothing.
     */
    public synchronized void record(long nowNanos, Result result, long latencyNanos, long firstByteNanos) {
        current(minutes, MINUTE, nowNanos).add(result, latencyNanos, firstByteNanos);
        current(quarters, QUARTER, nowNanos).add(result, latencyNanos, firstByteNanos);
    }

    /** The figures of the {@code span} before {@code nowNanos}. */
    public synchronized Stats stats(Span span, long nowNanos) {
        Bucket sum = new Bucket();
        boolean fine = span.length().toNanos() <= Duration.ofHours(1).toNanos();
        Bucket[] ring = fine ? minutes : quarters;
        long width = fine ? MINUTE : QUARTER;
        long newest = Math.floorDiv(nowNanos, width);
        long count = span.length().toNanos() / width;
        for (long slot = newest - count + 1; slot <= newest; slot++) {
            Bucket bucket = ring[(int) Math.floorMod(slot, ring.length)];
            if (bucket.slot == slot) {
                sum.merge(bucket);
            }
        }
        return sum.stats();
    }

    /** The ring's bucket for {@code nowNanos}, emptied first if it last held an older slot. */
    private static Bucket current(Bucket[] ring, long width, long nowNanos) {
        long slot = Math.floorDiv(nowNanos, width);
        Bucket bucket = ring[(int) Math.floorMod(slot, ring.length)];
        if (bucket.slot != slot) {
            bucket.reset(slot);
        }
        return bucket;
    }

    /** The histogram bucket of {@code nanos}: the first whose bound is at least it. */
    static int bucketOf(long nanos) {
        if (nanos <= FIRST_BOUND_NANOS) {
            return 0;
        }
        int i = (int) Math.ceil(Math.log(nanos / FIRST_BOUND_NANOS) / Math.log(GROWTH));
        return Math.min(i, HISTOGRAM_BUCKETS - 1);
    }

    /** The upper bound of histogram bucket {@code i}. */
    static Duration bound(int i) {
        return Duration.ofNanos(Math.round(FIRST_BOUND_NANOS * Math.pow(GROWTH, i)));
    }

    private static final class Bucket {
        private long slot = Long.MIN_VALUE;
        private long attempts;
        private long successes;
        private long failures;
        private long rateLimited;
        private final long[] latency = new long[HISTOGRAM_BUCKETS];
        private final long[] firstByte = new long[HISTOGRAM_BUCKETS];

        void reset(long newSlot) {
            slot = newSlot;
            attempts = 0;
            successes = 0;
            failures = 0;
            rateLimited = 0;
            Arrays.fill(latency, 0);
            Arrays.fill(firstByte, 0);
        }

        void add(Result result, long tookNanos, long firstNanos) {
            attempts++;
            switch (result) {
                case SUCCEEDED -> successes++;
                case FAILED -> failures++;
                case RATE_LIMITED -> rateLimited++;
                case OTHER -> { }
            }
            latency[bucketOf(tookNanos)]++;
            if (firstNanos != NO_FIRST_BYTE) {
                firstByte[bucketOf(firstNanos)]++;
            }
        }

        void merge(Bucket other) {
            attempts += other.attempts;
            successes += other.successes;
            failures += other.failures;
            rateLimited += other.rateLimited;
            for (int i = 0; i < HISTOGRAM_BUCKETS; i++) {
                latency[i] += other.latency[i];
                firstByte[i] += other.firstByte[i];
            }
        }

        Stats stats() {
            return new Stats(attempts, successes, failures, rateLimited, percentile(latency, 0.50),
                    percentile(latency, 0.95), percentile(firstByte, 0.50), percentile(firstByte, 0.95));
        }

        /** The bound of the bucket holding the {@code q} quantile: the smallest bound with q of the samples below. */
        private static Optional<Duration> percentile(long[] histogram, double q) {
            long total = 0;
            for (long n : histogram) {
                total += n;
            }
            if (total == 0) {
                return Optional.empty();
            }
            long rank = (long) Math.ceil(q * total);
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
}
