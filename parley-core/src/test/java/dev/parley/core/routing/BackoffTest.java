package dev.parley.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Property
    void alwaysWithinZeroAndTheCap(@ForAll @LongRange(max = 10_000) long baseMillis,
                                   @ForAll @LongRange(max = 100_000) long extraMillis,
                                   @ForAll @IntRange(min = 1, max = 200) int retry, @ForAll long seed) {
        Duration cap = Duration.ofMillis(baseMillis + extraMillis);
        Duration delay = new Backoff(Duration.ofMillis(baseMillis), cap).delay(retry, Optional.empty(), new Random(seed));
        assertThat(delay).isBetween(Duration.ZERO, cap);
    }

    @Property
    void withinTheExponentialCeiling(@ForAll @LongRange(min = 1, max = 1_000) long baseMillis,
                                     @ForAll @IntRange(min = 1, max = 10) int retry, @ForAll long seed) {
        Duration delay = new Backoff(Duration.ofMillis(baseMillis), Duration.ofDays(1))
                .delay(retry, Optional.empty(), new Random(seed));
        assertThat(delay.toMillis()).isLessThanOrEqualTo(baseMillis << (retry - 1));
    }

    @Property
    void neverBelowRetryAfter(@ForAll @LongRange(max = 10_000) long baseMillis,
                              @ForAll @LongRange(max = 600_000) long retryAfterMillis,
                              @ForAll @IntRange(min = 1, max = 200) int retry, @ForAll long seed) {
        Duration retryAfter = Duration.ofMillis(retryAfterMillis);
        Duration delay = new Backoff(Duration.ofMillis(baseMillis), Duration.ofMillis(baseMillis * 4))
                .delay(retry, Optional.of(retryAfter), new Random(seed));
        assertThat(delay).isGreaterThanOrEqualTo(retryAfter);
        assertThat(delay).isLessThanOrEqualTo(retryAfter.compareTo(Duration.ofMillis(baseMillis * 4)) > 0 ? retryAfter
                : Duration.ofMillis(baseMillis * 4));
    }

    @Test
    void jitterIsSpreadOverTheWholeRange() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        Random random = new Random(42);
        long small = 0;
        long large = 0;
        for (int i = 0; i < 1_000; i++) {
            long millis = backoff.delay(3, Optional.empty(), random).toMillis();
            small += millis < 100 ? 1 : 0;
            large += millis > 300 ? 1 : 0;
        }
        assertThat(small).isBetween(150L, 350L);
        assertThat(large).isBetween(150L, 350L);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ZERO).delay(0, Optional.empty(), new Random()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
