package dev.parley.core.usage;

import dev.parley.core.stats.LogBuckets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How long a set of ledger rows took, as the rollups keep it: the sum of their latencies (arrival to last byte)
 * with how many rows it covers, the sum of their gateway overheads (arrival to the first upstream attempt: the
 * authentication, body, admission, routing and any wait in the queue) over the rows that made an attempt, and a
 * histogram of the latencies on {@link #BUCKETS}, from which p50 and p95 are read as upper bounds within 41%.
 * Everything adds up by addition, so a report's bucket is exact whatever rollups it sums. Rows stored before the
 * rollups kept latency count in {@code requests} of their totals but not here.
 *
 * @param requests rows whose latency is in {@code latencyMicros} and the histogram
 * @param latencyMicros their latencies added up, in microseconds
 * @param overheadRequests rows that made an upstream attempt
 * @param overheadMicros their gateway overheads added up, in microseconds
 * @param histogram the latencies counted per bucket of {@link #BUCKETS}
 */
public record UsageLatency(long requests, long latencyMicros, long overheadRequests, long overheadMicros,
                           List<Long> histogram) {

    /** From 50 ms, each bound √2 above the last, 28 buckets: the last bound is about 9.7 minutes. */
    public static final LogBuckets BUCKETS = new LogBuckets(Duration.ofMillis(50), Math.sqrt(2), 28);

    public static final UsageLatency ZERO = new UsageLatency(0, 0, 0, 0,
            Collections.nCopies(BUCKETS.count(), 0L));

    public UsageLatency {
        histogram = List.copyOf(Objects.requireNonNull(histogram, "histogram"));
        if (histogram.size() != BUCKETS.count()) {
            throw new IllegalArgumentException("a latency histogram has " + BUCKETS.count() + " buckets, not "
                    + histogram.size());
        }
    }

    /** One row's. */
    public static UsageLatency of(UsageRecord row) {
        List<Long> histogram = new ArrayList<>(ZERO.histogram);
        histogram.set(BUCKETS.slotOf(row.latency()), 1L);
        Optional<Duration> overhead = overhead(row);
        return new UsageLatency(1, micros(row.latency()), overhead.isPresent() ? 1 : 0,
                overhead.map(UsageLatency::micros).orElse(0L), histogram);
    }

    /** A row's gateway overhead: from its arrival to its first upstream attempt; none without an attempt. */
    public static Optional<Duration> overhead(UsageRecord row) {
        return row.attemptLog().stream().findFirst().map(AttemptLog::startedAfter);
    }

    /** A duration in whole microseconds, as the rollups add them. */
    public static long micros(Duration duration) {
        return Math.addExact(Math.multiplyExact(duration.getSeconds(), 1_000_000L), duration.getNano() / 1_000);
    }

    public UsageLatency plus(UsageLatency other) {
        List<Long> sum = new ArrayList<>(histogram);
        for (int i = 0; i < sum.size(); i++) {
            sum.set(i, Math.addExact(sum.get(i), other.histogram.get(i)));
        }
        return new UsageLatency(requests + other.requests, Math.addExact(latencyMicros, other.latencyMicros),
                overheadRequests + other.overheadRequests, Math.addExact(overheadMicros, other.overheadMicros), sum);
    }

    /** The mean latency; empty without rows. */
    public Optional<Duration> average() {
        return requests == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(latencyMicros * 1_000 / requests));
    }

    /** The mean gateway overhead; empty without a row that made an attempt. */
    public Optional<Duration> averageOverhead() {
        return overheadRequests == 0 ? Optional.empty()
                : Optional.of(Duration.ofNanos(overheadMicros * 1_000 / overheadRequests));
    }

    /** The latency's {@code q} quantile, the bound of its bucket; empty without rows. */
    public Optional<Duration> percentile(double q) {
        return BUCKETS.percentile(histogram.stream().mapToLong(Long::longValue).toArray(), q);
    }
}
