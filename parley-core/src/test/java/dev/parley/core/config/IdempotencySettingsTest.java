package dev.parley.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdempotencySettingsTest {

    @Test
    void defaultsToADayWindow() {
        assertThat(ConfigLoader.parse("", Map.of()).idempotency()).isEqualTo(IdempotencySettings.DEFAULTS);
        assertThat(IdempotencySettings.DEFAULTS.window()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void readsEveryKey() {
        assertThat(ConfigLoader.parse("idempotency: {window: 2h, max_wait: 30s, lease: 5m}", Map.of()).idempotency())
                .isEqualTo(new IdempotencySettings(Duration.ofHours(2), Duration.ofSeconds(30), Duration.ofMinutes(5)));
        // A window shorter than the default lease bounds the lease.
        assertThat(ConfigLoader.parse("idempotency: {window: 5m}", Map.of()).idempotency().lease())
                .isEqualTo(Duration.ofMinutes(5));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "idempotency: {window: 30s}            | idempotency.window",
        "idempotency: {window: 31d}            | idempotency.window",
        "idempotency: {window: soon}           | idempotency.window",
        "idempotency: {max_wait: -1s}          | idempotency.max_wait",
        "idempotency: {window: 1h, lease: 2h}  | idempotency.lease",
        "idempotency: {lease: 0s}              | idempotency.lease",
        "idempotency: {ttl: 1h}                | idempotency.ttl",
    })
    void failsFastNamingTheKey(String yaml, String key) {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ":");
    }
}
