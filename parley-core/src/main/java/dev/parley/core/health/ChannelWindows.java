package dev.parley.core.health;

import dev.parley.core.stats.LogBuckets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a channel's status page shows of its recent attempts: for each window (the last 5 minutes, hour and day),
 * how many attempts, successes, failures and rate limits, and the p50 and p95 of the whole attempt and of its time
 * to first byte. The figures are a {@link Tally} of the attempts' counts and two latency histograms on
 * {@link #BUCKETS} (log-spaced, each bound 25% above the last), which add up across time buckets and replicas, so
 * the percentiles of a sum are those of every attempt in it, as upper bounds within 25%.
 *
 * <p>The ledger keeps these tallies (per minute and per quarter hour, from each row's attempt log); the
 * {@link ChannelHistory} reads them back.
 */
public final class ChannelWindows {

    /** The histograms' buckets: from 100 µs, each 25% wider, 64 of them (the last one is about 14 minutes). */
    public static final LogBuckets BUCKETS = new LogBuckets(Duration.ofNanos(100_000), 1.25, 64);

    private ChannelWindows() {}

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

    /** The two latencies kept as histograms. */
    public enum Measure {
        /** The whole attempt, from its send to its end. */
        LATENCY,
        /** From its send to the upstream's status line. */
        FIRST_BYTE
    }

    /** A channel, as its status is kept: a provider and an upstream model. */
    public record Target(String provider, String upstreamModel) {
        public Target {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(upstreamModel, "upstreamModel");
        }
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

    /** A receiver of one histogram bucket's count. */
    @FunctionalInterface
    public interface SlotCount {
        void accept(int slot, long samples);
    }

    /** Attempts added up: counts and the two histograms. Mutable, for one thread. */
    public static final class Tally {
        private long attempts;
        private long successes;
        private long failures;
        private long rateLimited;
        private final long[] latency = new long[BUCKETS.count()];
        private final long[] firstByte = new long[BUCKETS.count()];

        /** Counts one attempt that took {@code took}, its first byte after {@code firstByte} if one came. */
        public void add(Result result, Duration took, Optional<Duration> firstByteAfter) {
            addCounts(1, result == Result.SUCCEEDED ? 1 : 0, result == Result.FAILED ? 1 : 0,
                    result == Result.RATE_LIMITED ? 1 : 0);
            latency[BUCKETS.slotOf(took)]++;
            firstByteAfter.ifPresent(d -> firstByte[BUCKETS.slotOf(d)]++);
        }

        /** Adds counts kept elsewhere (a stored bucket). */
        public void addCounts(long moreAttempts, long moreSuccesses, long moreFailures, long moreRateLimited) {
            attempts += moreAttempts;
            successes += moreSuccesses;
            failures += moreFailures;
            rateLimited += moreRateLimited;
        }

        /** Adds {@code samples} to bucket {@code slot} of {@code measure}'s histogram (a stored bucket's). */
        public void addSamples(Measure measure, int slot, long samples) {
            if (slot < 0 || slot >= BUCKETS.count()) {
                throw new IllegalArgumentException("no histogram bucket " + slot);
            }
            histogram(measure)[slot] += samples;
        }

        public long attempts() {
            return attempts;
        }

        public long successes() {
            return successes;
        }

        public long failures() {
            return failures;
        }

        public long rateLimited() {
            return rateLimited;
        }

        /** Hands each non-empty bucket of {@code measure}'s histogram to {@code to}, in order. */
        public void forEachSlot(Measure measure, SlotCount to) {
            long[] histogram = histogram(measure);
            for (int i = 0; i < histogram.length; i++) {
                if (histogram[i] != 0) {
                    to.accept(i, histogram[i]);
                }
            }
        }

        public Stats stats() {
            return new Stats(attempts, successes, failures, rateLimited, BUCKETS.percentile(latency, 0.50),
                    BUCKETS.percentile(latency, 0.95), BUCKETS.percentile(firstByte, 0.50),
                    BUCKETS.percentile(firstByte, 0.95));
        }

        private long[] histogram(Measure measure) {
            return switch (measure) {
                case LATENCY -> latency;
                case FIRST_BYTE -> firstByte;
            };
        }
    }
}
