package dev.parley.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetrySettingsTest {

    @Test
    void defaultsWhenAbsent() {
        assertThat(ConfigLoader.parse("", Map.of()).retries()).isEqualTo(RetrySettings.DEFAULTS);
        assertThat(RetrySettings.DEFAULTS).isEqualTo(new RetrySettings(3, Duration.ofMillis(250), Duration.ofSeconds(5),
                Duration.ofSeconds(120), 20));
    }

    @Test
    void readsEveryKey() {
        var retries = ConfigLoader.parse("retries: {max_attempts: 5, base_delay: 10ms, max_delay: 1s, deadline: 30s, "
                + "budget_percent: 50}", Map.of()).retries();
        assertThat(retries).isEqualTo(new RetrySettings(5, Duration.ofMillis(10), Duration.ofSeconds(1),
                Duration.ofSeconds(30), 50));
        assertThat(retries.enabled()).isTrue();
        assertThat(ConfigLoader.parse("retries: {max_attempts: 1}", Map.of()).retries().enabled()).isFalse();
        // A base delay above the default cap raises the cap with it rather than failing.
        assertThat(ConfigLoader.parse("retries: {base_delay: 10s}", Map.of()).retries().maxDelay())
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aModelsOwnRetriesOverrideTheTopLevelOnesKeyByKey() {
        var config = ConfigLoader.parse("""
                retries: {max_attempts: 4, base_delay: 10ms, deadline: 30s}
                providers:
                  - {name: a, type: openai-compatible, base_url: "http://localhost:1/v1"}
                models:
                  - {name: patient, routes: [{provider: a}], retries: {max_attempts: 6}}
                  - {name: plain, routes: [{provider: a}]}
                """, Map.of());

        assertThat(config.model("patient").orElseThrow().retries()).contains(new RetrySettings(6, Duration.ofMillis(10),
                RetrySettings.DEFAULT_MAX_DELAY, Duration.ofSeconds(30), RetrySettings.DEFAULT_BUDGET_PERCENT));
        assertThat(config.model("plain").orElseThrow().retries()).isEmpty();
        assertThatThrownBy(() -> ConfigLoader.parse("""
                providers:
                  - {name: a, type: openai-compatible, base_url: "http://localhost:1/v1"}
                models:
                  - {name: m, routes: [{provider: a}], retries: {max_attempts: 0}}
                """, Map.of())).isInstanceOf(ConfigException.class).hasMessageStartingWith("models[0].retries.max_attempts:");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "retries: {max_attempts: 0}                 | retries.max_attempts",
        "retries: {max_attempts: 11}                | retries.max_attempts",
        "retries: {base_delay: soon}                | retries.base_delay",
        "retries: {base_delay: 2s, max_delay: 1s}   | retries.max_delay",
        "retries: {deadline: 0s}                    | retries.deadline",
        "retries: {attempts: 2}                     | retries.attempts",
        "retries: {budget_percent: -1}              | retries.budget_percent",
        "retries: {budget_percent: 0.5}             | retries.budget_percent",
        "retries: 3                                 | retries",
    })
    void failsFastNamingTheKey(String yaml, String key) {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ":");
    }

    @Test
    void recordsRefuseWhatTheLoaderRefuses() {
        assertThatThrownBy(() -> new RetrySettings(0, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1), 20))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySettings(2, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1), 20))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
