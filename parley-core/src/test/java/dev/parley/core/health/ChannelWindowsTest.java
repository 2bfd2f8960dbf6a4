package dev.parley.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.health.ChannelWindows.Result;
import dev.parley.core.health.ChannelWindows.Span;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ChannelWindowsTest {

    private static final long MINUTE = Duration.ofMinutes(1).toNanos();
    private static final long MS = Duration.ofMillis(1).toNanos();
    /** A monotonic clock reading far from zero, as System.nanoTime() gives, negative included. */
    private static final long T0 = -7 * Duration.ofDays(3).toNanos() + 123_456_789L;

    @Test
    void eachWindowCountsTheAttemptsItCovers() {
        ChannelWindows windows = new ChannelWindows();
        windows.record(T0, Result.SUCCEEDED, 100 * MS, 40 * MS);
        windows.record(T0 + 10 * MINUTE, Result.FAILED, 5 * MS, ChannelWindows.NO_FIRST_BYTE);
        windows.record(T0 + 50 * MINUTE, Result.RATE_LIMITED, 2 * MS, 2 * MS);
        windows.record(T0 + 52 * MINUTE, Result.OTHER, 1 * MS, ChannelWindows.NO_FIRST_BYTE);
        windows.record(T0 + 53 * MINUTE, Result.SUCCEEDED, 200 * MS, 50 * MS);

        long now = T0 + 53 * MINUTE;
        ChannelWindows.Stats five = windows.stats(Span.FIVE_MINUTES, now);
        assertThat(five.attempts()).isEqualTo(3);
        assertThat(five.successes()).isEqualTo(1);
        assertThat(five.rateLimited()).isEqualTo(1);
        assertThat(five.successRate()).isEqualTo(1.0);
        assertThat(five.rateLimitedRate()).isEqualTo(1.0 / 3);
        ChannelWindows.Stats hour = windows.stats(Span.ONE_HOUR, now);
        assertThat(hour.attempts()).isEqualTo(5);
        assertThat(hour.failures()).isEqualTo(1);
        assertThat(hour.successRate()).isEqualTo(2.0 / 3);
        assertThat(windows.stats(Span.ONE_DAY, now).attempts()).isEqualTo(5);
    }

    @Test
    void oldAttemptsLeaveTheirWindowsAndBucketsAreReused() {
        ChannelWindows windows = new ChannelWindows();
        windows.record(T0, Result.FAILED, MS, MS);

        assertThat(windows.stats(Span.FIVE_MINUTES, T0 + 5 * MINUTE).attempts()).isZero();
        assertThat(windows.stats(Span.ONE_HOUR, T0 + 59 * MINUTE).attempts()).isEqualTo(1);
        assertThat(windows.stats(Span.ONE_HOUR, T0 + 60 * MINUTE).attempts()).isZero();
        assertThat(windows.stats(Span.ONE_DAY, T0 + Duration.ofHours(23).toNanos()).attempts()).isEqualTo(1);
        assertThat(windows.stats(Span.ONE_DAY, T0 + Duration.ofHours(25).toNanos()).attempts()).isZero();
        // A day later the same ring slots hold the new attempt only.
        windows.record(T0 + Duration.ofDays(1).toNanos(), Result.SUCCEEDED, MS, MS);
        ChannelWindows.Stats day = windows.stats(Span.ONE_DAY, T0 + Duration.ofDays(1).toNanos());
        assertThat(day.attempts()).isEqualTo(1);
        assertThat(day.failures()).isZero();
    }

    @Test
    void percentilesAreUpperBoundsWithinAQuarter() {
        ChannelWindows windows = new ChannelWindows();
        for (int i = 1; i <= 100; i++) {
            windows.record(T0, Result.SUCCEEDED, i * 10 * MS, i * MS);
        }
        ChannelWindows.Stats stats = windows.stats(Span.FIVE_MINUTES, T0);

        assertThat(stats.latencyP50().orElseThrow().toNanos()).isBetween(500 * MS, 625 * MS);
        assertThat(stats.latencyP95().orElseThrow().toNanos()).isBetween(950 * MS, 1_188 * MS);
        assertThat(stats.firstByteP50().orElseThrow().toNanos()).isBetween(50 * MS, 63 * MS);
        assertThat(windows.stats(Span.FIVE_MINUTES, T0 + 10 * MINUTE).latencyP50()).isEmpty();
    }

    @Property
    void aSampleFallsInTheFirstBucketWhoseBoundHoldsIt(@ForAll @LongRange(min = 0, max = 3_600_000_000_000L) long nanos) {
        int i = ChannelWindows.bucketOf(nanos);
        if (i < ChannelWindows.HISTOGRAM_BUCKETS - 1) {
            assertThat(ChannelWindows.bound(i).toNanos()).isGreaterThanOrEqualTo(nanos);
        }
        if (i > 0) {
            assertThat(ChannelWindows.bound(i - 1).toNanos()).isLessThan(nanos);
        }
    }
}
