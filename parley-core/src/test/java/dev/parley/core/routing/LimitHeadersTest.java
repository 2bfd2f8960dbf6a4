package dev.parley.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LimitHeadersTest {

    private static final Instant NOW = Instant.parse("2026-11-24T03:00:00Z");

    private static Optional<Instant> until(Map<String, String> headers) {
        return LimitHeaders.exhaustedUntil(name -> Optional.ofNullable(headers.get(name)), NOW);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"1s, 1000", "6m0s, 360000", "20ms, 20", "1h2m3.5s, 3723500", "0.5s, 500", "1.25ms, 1", "150us, 0",
        "2µs, 0", "7ns, 0"})
    void readsOpenAiDurations(String text, long millis) {
        assertThat(LimitHeaders.goDuration(text).orElseThrow().toMillis()).isEqualTo(millis);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " ", "s", "1", "-1s", "1.s", "1x", "1s2", "1.2.3s", "s1", "99999999999999h", "0.5ns"})
    void ignoresWhatIsNotAGoDuration(String text) {
        assertThat(LimitHeaders.goDuration(text)).isEmpty();
    }

    @Test
    void anOpenAiKeyOutOfRequestsIsOutUntilTheReset() {
        assertThat(until(Map.of("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "6m0s")))
                .contains(NOW.plus(Duration.ofMinutes(6)));
        assertThat(until(Map.of("x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "20ms")))
                .contains(NOW.plusMillis(20));
    }

    @Test
    void anAnthropicKeyOutOfRequestsOrTokensIsOutUntilTheLatestReset() {
        assertThat(until(Map.of(
                "anthropic-ratelimit-requests-remaining", "0",
                "anthropic-ratelimit-requests-reset", "2026-11-24T03:00:05Z",
                "anthropic-ratelimit-tokens-remaining", "0",
                "anthropic-ratelimit-tokens-reset", "2026-11-24T03:00:30+00:00")))
                .contains(NOW.plusSeconds(30));
        assertThat(until(Map.of("anthropic-ratelimit-input-tokens-remaining", "0",
                "anthropic-ratelimit-input-tokens-reset", "2026-11-24T04:00:01+01:00"))).contains(NOW.plusSeconds(1));
    }

    @Test
    void aLimitWithRoomLeftOrWithoutAReadableFutureResetIsNoLimit() {
        assertThat(until(Map.of())).isEmpty();
        assertThat(until(Map.of("x-ratelimit-remaining-requests", "1", "x-ratelimit-reset-requests", "1s"))).isEmpty();
        assertThat(until(Map.of("x-ratelimit-remaining-requests", "0"))).isEmpty();
        assertThat(until(Map.of("x-ratelimit-remaining-requests", "zero", "x-ratelimit-reset-requests", "1s")))
                .isEmpty();
        assertThat(until(Map.of("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "soon")))
                .isEmpty();
        assertThat(until(Map.of("anthropic-ratelimit-requests-remaining", "0",
                "anthropic-ratelimit-requests-reset", "2026-11-24T02:59:00Z"))).isEmpty();
        assertThat(until(Map.of("anthropic-ratelimit-requests-remaining", "0",
                "anthropic-ratelimit-requests-reset", "Tue, 24 Nov 2026 03:00:05 GMT"))).isEmpty();
    }

    @Property
    void neverThrowsWhateverTheHeadersSay(@ForAll String remaining, @ForAll String reset) {
        Map<String, String> headers = Map.of("x-ratelimit-remaining-requests", remaining,
                "x-ratelimit-reset-requests", reset, "anthropic-ratelimit-tokens-remaining", remaining,
                "anthropic-ratelimit-tokens-reset", reset);
        until(headers).ifPresent(at -> assertThat(at).isAfter(NOW));
    }
}
