package dev.parley.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueueSettingsTest {

    @Test
    void defaultsWhenAbsent() {
        assertThat(ConfigLoader.parse("", Map.of()).queue()).isEqualTo(QueueSettings.DEFAULTS);
        assertThat(QueueSettings.DEFAULTS).isEqualTo(new QueueSettings(1000, Duration.ofSeconds(60)));
        assertThat(QueueSettings.DEFAULTS.enabled()).isTrue();
    }

    @Test
    void readsEveryKeyAndZeroTurnsWaitingOff() {
        assertThat(ConfigLoader.parse("queue: {max_depth: 5, max_wait: 2500ms}", Map.of()).queue())
                .isEqualTo(new QueueSettings(5, Duration.ofMillis(2500)));
        assertThat(ConfigLoader.parse("queue: {max_wait: 0}", Map.of()).queue().enabled()).isFalse();
        assertThat(ConfigLoader.parse("queue: {max_depth: 7}", Map.of()).queue().maxWait())
                .isEqualTo(QueueSettings.DEFAULT_MAX_WAIT);
    }

    @Test
    void theLiteLlmFormatTakesTheSameSection() {
        var config = ConfigLoader.parse("""
                model_list:
                  - model_name: m
                    litellm_params: {model: openai/gpt-4o, api_key: sk-0123456789}
                queue: {max_depth: 3}
                """, Map.of());
        assertThat(config.queue().maxDepth()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "queue: {max_depth: 0}                | queue.max_depth",
        "queue: {max_depth: -1}               | queue.max_depth",
        "queue: {max_depth: 2000000}          | queue.max_depth",
        "queue: {max_depth: many}             | queue.max_depth",
        "queue: {max_wait: soon}              | queue.max_wait",
        "queue: {max_wait: -1s}               | queue.max_wait",
        "queue: {max_wait: 11m}               | queue.max_wait",
        "queue: {depth: 3}                    | queue.depth",
        "queue: 3                             | queue",
    })
    void failsFastNamingTheKey(String yaml, String key) {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ":");
    }

    @Test
    void aProvidersRpmAppliesToEachOfItsKeys() {
        var config = ConfigLoader.parse("""
                providers:
                  - {name: a, type: openai-compatible, base_url: "http://localhost:1/v1", rpm: 2}
                  - {name: b, type: openai-compatible, base_url: "http://localhost:1/v1"}
                """, Map.of());
        assertThat(config.provider("a").orElseThrow().rpm()).isEqualTo(OptionalInt.of(2));
        assertThat(config.provider("b").orElseThrow().rpm()).isEmpty();
        assertThat(config.provider("a").orElseThrow().toString()).contains("rpm=2");
    }

    @Test
    void aProvidersTpmAppliesToEachOfItsKeys() {
        var config = ConfigLoader.parse("""
                providers:
                  - {name: a, type: openai-compatible, base_url: "http://localhost:1/v1", tpm: 200000}
                """, Map.of());
        assertThat(config.provider("a").orElseThrow().tpm()).isEqualTo(OptionalLong.of(200_000));
        assertThat(config.provider("a").orElseThrow().rpm()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"0", "-3", "1.5", "lots"})
    void aBadTpmIsNamed(String tpm) {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                providers:
                  - {name: a, type: openai-compatible, base_url: "http://localhost:1/v1", tpm: %s}
                """.formatted(tpm), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("providers[0].tpm:");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"0", "-3", "1.5", "lots"})
    void aBadRpmIsNamed(String rpm) {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                providers:
                  - {name: a, type: openai-compatible, base_url: "http://localhost:1/v1", rpm: %s}
                """.formatted(rpm), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("providers[0].rpm:");
    }

    @Test
    void recordsRefuseWhatTheLoaderRefuses() {
        assertThatThrownBy(() -> new QueueSettings(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QueueSettings(1, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
