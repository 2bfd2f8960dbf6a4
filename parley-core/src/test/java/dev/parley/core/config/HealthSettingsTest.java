package dev.parley.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthSettingsTest {

    private static final String PROVIDER = "providers:\n  - {name: a, type: openai-compatible, "
            + "base_url: \"http://localhost:1/v1\"%s}\n";

    @Test
    void defaultsWhenAbsent() {
        assertThat(ConfigLoader.parse("", Map.of()).health()).isEqualTo(HealthSettings.DEFAULTS);
        assertThat(HealthSettings.DEFAULTS).isEqualTo(new HealthSettings(5, 0.5, 10, Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofSeconds(120), Duration.ofSeconds(10)));
        assertThat(ConfigLoader.parse(PROVIDER.formatted(""), Map.of()).providers().getFirst().healthCheck())
                .isEmpty();
    }

    @Test
    void readsEveryKey() {
        var health = ConfigLoader.parse("health: {consecutive_failures: 3, failure_rate: 0.25, minimum_calls: 4, "
                + "window: 10s, base_cool_off: 200ms, max_cool_off: 2s, probe_timeout: 5s, latency_half_life: 1s}",
                Map.of()).health();
        assertThat(health).isEqualTo(new HealthSettings(3, 0.25, 4, Duration.ofSeconds(10), Duration.ofMillis(200),
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(1)));
        // A cool-off above the default cap raises the cap with it rather than failing.
        assertThat(ConfigLoader.parse("health: {base_cool_off: 10m}", Map.of()).health().maxCoolOff())
                .isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void readsAProvidersHealthCheck() {
        var provider = ConfigLoader.parse(PROVIDER.formatted(", health_check: {interval: 30s}"), Map.of())
                .providers().getFirst();
        assertThat(provider.healthCheck()).contains(new HealthCheck(Duration.ofSeconds(30)));
        assertThat(provider.healthCheck()).isEqualTo(Optional.of(new HealthCheck(Duration.ofSeconds(30))));
    }

    @Test
    void liteLlmFilesTakeTheSameBlock() {
        var config = ConfigLoader.parse("""
                model_list:
                  - model_name: m
                    litellm_params: {model: openai/gpt-4o, api_key: sk-0123456789}
                health: {consecutive_failures: 2}
                """, Map.of());
        assertThat(config.health().consecutiveFailures()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "health: {consecutive_failures: 0}                | health.consecutive_failures",
        "health: {failure_rate: 0}                        | health.failure_rate",
        "health: {failure_rate: 1.5}                      | health.failure_rate",
        "health: {failure_rate: half}                     | health.failure_rate",
        "health: {minimum_calls: -1}                      | health.minimum_calls",
        "health: {window: 0s}                             | health.window",
        "health: {base_cool_off: soon}                    | health.base_cool_off",
        "health: {base_cool_off: 2s, max_cool_off: 1s}    | health.max_cool_off",
        "health: {probe_timeout: 0ms}                     | health.probe_timeout",
        "health: {latency_half_life: x}                   | health.latency_half_life",
        "health: {cool_off: 1s}                           | health.cool_off",
        "health: 3                                        | health",
    })
    void failsFastNamingTheKey(String yaml, String key) {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ":");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        ", health_check: {interval: 0s}       | providers[0].health_check.interval",
        ", health_check: {interval: often}    | providers[0].health_check.interval",
        ", health_check: {}                   | providers[0].health_check.interval",
        ", health_check: {every: 1s}          | providers[0].health_check.every",
    })
    void aBadHealthCheckFailsNamingTheKey(String extra, String key) {
        assertThatThrownBy(() -> ConfigLoader.parse(PROVIDER.formatted(extra), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ":");
    }

    @Test
    void recordsRefuseWhatTheLoaderRefuses() {
        assertThatThrownBy(() -> new HealthSettings(0, 0.5, 1, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HealthSettings(1, 0.5, 1, Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HealthCheck(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
