package dev.parley.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class LogBucketsTest {

    private static final LogBuckets FINE = new LogBuckets(Duration.ofNanos(100_000), 1.25, 64);
    private static final LogBuckets COARSE = new LogBuckets(Duration.ofMillis(25), Math.sqrt(2), 32);

    @Property
    void aSampleFallsInTheFirstBucketWhoseBoundHoldsIt(@ForAll @LongRange(min = 0, max = 3_600_000_000_000L) long nanos) {
        for (LogBuckets buckets : new LogBuckets[] {FINE, COARSE}) {
            int i = buckets.slotOf(Duration.ofNanos(nanos));
            if (i < buckets.count() - 1) {
                assertThat(buckets.bound(i).toNanos()).isGreaterThanOrEqualTo(nanos);
            }
            if (i > 0) {
                assertThat(buckets.bound(i - 1).toNanos()).isLessThan(nanos);
            }
        }
    }

    @Test
    void aBoundItselfIsInItsOwnBucket() {
        for (int i = 0; i < COARSE.count(); i++) {
            assertThat(COARSE.slotOf(COARSE.bound(i))).isEqualTo(i);
        }
    }

    @Test
    void thePercentileIsTheBoundOfTheBucketHoldingIt() {
        long[] histogram = new long[COARSE.count()];
        histogram[2] = 50;
        histogram[5] = 45;
        histogram[9] = 5;
        assertThat(COARSE.percentile(histogram, 0.50)).contains(COARSE.bound(2));
        assertThat(COARSE.percentile(histogram, 0.51)).contains(COARSE.bound(5));
        assertThat(COARSE.percentile(histogram, 0.95)).contains(COARSE.bound(5));
        assertThat(COARSE.percentile(histogram, 0.96)).contains(COARSE.bound(9));
        assertThat(COARSE.percentile(new long[COARSE.count()], 0.5)).isEmpty();
    }

    @Test
    void bucketsThatCannotGrowAreRefused() {
        assertThatThrownBy(() -> new LogBuckets(Duration.ZERO, 2, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LogBuckets(Duration.ofMillis(1), 1, 4))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LogBuckets(Duration.ofMillis(1), 2, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
