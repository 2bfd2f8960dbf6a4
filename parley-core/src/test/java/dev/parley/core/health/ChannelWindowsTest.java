package dev.parley.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.health.ChannelWindows.Measure;
import dev.parley.core.health.ChannelWindows.Result;
import dev.parley.core.health.ChannelWindows.Tally;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChannelWindowsTest {

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void aTallyCountsEachResultAndRatesThem() {
        Tally tally = new Tally();
        tally.add(Result.SUCCEEDED, ms(100), Optional.of(ms(40)));
        tally.add(Result.FAILED, ms(5), Optional.empty());
        tally.add(Result.RATE_LIMITED, ms(2), Optional.of(ms(2)));
        tally.add(Result.OTHER, ms(1), Optional.empty());
        tally.add(Result.SUCCEEDED, ms(200), Optional.of(ms(50)));

        ChannelWindows.Stats stats = tally.stats();
        assertThat(stats.attempts()).isEqualTo(5);
        assertThat(stats.successes()).isEqualTo(2);
        assertThat(stats.failures()).isEqualTo(1);
        assertThat(stats.rateLimited()).isEqualTo(1);
        assertThat(stats.successRate()).isEqualTo(2.0 / 3);
        assertThat(stats.rateLimitedRate()).isEqualTo(0.2);
    }

    @Test
    void percentilesAreUpperBoundsWithinAQuarter() {
        Tally tally = new Tally();
        for (int i = 1; i <= 100; i++) {
            tally.add(Result.SUCCEEDED, ms(i * 10L), Optional.of(ms(i)));
        }
        ChannelWindows.Stats stats = tally.stats();

        assertThat(stats.latencyP50().orElseThrow()).isBetween(ms(500), ms(625));
        assertThat(stats.latencyP95().orElseThrow()).isBetween(ms(950), ms(1_188));
        assertThat(stats.firstByteP50().orElseThrow()).isBetween(ms(50), ms(63));
        assertThat(new Tally().stats().latencyP50()).isEmpty();
    }

    @Test
    void aTallyReadBackSlotBySlotGivesTheSameFigures() {
        Tally written = new Tally();
        for (int i = 1; i <= 40; i++) {
            written.add(i % 7 == 0 ? Result.FAILED : Result.SUCCEEDED, ms(i * i), i % 3 == 0 ? Optional.empty()
                    : Optional.of(ms(i)));
        }
        Tally read = new Tally();
        read.addCounts(written.attempts(), written.successes(), written.failures(), written.rateLimited());
        for (Measure measure : Measure.values()) {
            written.forEachSlot(measure, (slot, samples) -> read.addSamples(measure, slot, samples));
        }
        assertThat(read.stats()).isEqualTo(written.stats());
        List<Integer> slots = new ArrayList<>();
        written.forEachSlot(Measure.FIRST_BYTE, (slot, samples) -> slots.add(slot));
        assertThat(slots).isSorted().doesNotHaveDuplicates().isNotEmpty();
        assertThatThrownBy(() -> read.addSamples(Measure.LATENCY, ChannelWindows.BUCKETS.count(), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
