package dev.parley.core.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.protocol.Protocol;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UsageLatencyTest {

    private static UsageRecord row(Duration latency, List<AttemptLog> attempts) {
        return new UsageRecord("r", Instant.parse("2026-03-01T00:00:00Z"), "ci", Protocol.OPENAI_CHAT, "m",
                Optional.of("p"), Optional.of("u"), false, 200, Optional.empty(), latency, Optional.empty(),
                TokenUsage.reported(1, 1), attempts.size(), attempts);
    }

    private static AttemptLog attemptAfter(long millis) {
        return new AttemptLog("p", "u", 1, Duration.ofMillis(millis), Duration.ofMillis(100), AttemptOutcome.OK);
    }

    @Test
    void rowsAddUpToTheirMeanOverheadAndPercentiles() {
        UsageLatency sum = UsageLatency.ZERO;
        for (int i = 1; i <= 100; i++) {
            sum = sum.plus(UsageLatency.of(row(Duration.ofMillis(10L * i), List.of(attemptAfter(i)))));
        }
        sum = sum.plus(UsageLatency.of(row(Duration.ofMillis(5), List.of())));

        assertThat(sum.requests()).isEqualTo(101);
        assertThat(sum.latencyMicros()).isEqualTo(50_500_000L + 5_000);
        assertThat(sum.average()).contains(Duration.ofNanos((50_500_000L + 5_000) * 1000 / 101));
        assertThat(sum.overheadRequests()).as("the row without an attempt has no overhead").isEqualTo(100);
        assertThat(sum.averageOverhead()).contains(Duration.ofNanos(50_500_000));
        // Upper bounds within a bucket's growth (√2).
        assertThat(sum.percentile(0.5).orElseThrow()).isBetween(Duration.ofMillis(500), Duration.ofMillis(708));
        assertThat(sum.percentile(0.95).orElseThrow()).isBetween(Duration.ofMillis(950), Duration.ofMillis(1344));
    }

    @Test
    void nothingHasNoAverageAndNoPercentile() {
        assertThat(UsageLatency.ZERO.average()).isEmpty();
        assertThat(UsageLatency.ZERO.averageOverhead()).isEmpty();
        assertThat(UsageLatency.ZERO.percentile(0.95)).isEmpty();
        assertThatThrownBy(() -> new UsageLatency(0, 0, 0, 0, List.of(1L)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
