package dev.parley.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchSettingsTest {

    @Test
    void defaultsToOpenAisItemLimitAndFourItemsInFlight() {
        assertThat(ConfigLoader.parse("", Map.of()).batches()).isEqualTo(BatchSettings.DEFAULTS);
        assertThat(BatchSettings.DEFAULTS.maxItems()).isEqualTo(50_000);
        assertThat(BatchSettings.DEFAULTS.concurrency()).isEqualTo(4);
    }

    @Test
    void readsEveryKey() {
        assertThat(ConfigLoader.parse("batches: {max_file_bytes: 2MiB, max_items: 500, concurrency: 8, workers: 32,"
                + " lease: 5s, poll_interval: 100ms, item_timeout: 1m}", Map.of()).batches())
                .isEqualTo(new BatchSettings(2L * 1024 * 1024, 500, 8, 32, Duration.ofSeconds(5),
                        Duration.ofMillis(100), Duration.ofMinutes(1)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "batches: {max_file_bytes: 10}         | batches.max_file_bytes",
        "batches: {max_file_bytes: 2GiB}       | batches.max_file_bytes",
        "batches: {max_items: 0}               | batches.max_items",
        "batches: {concurrency: 0}             | batches.concurrency",
        "batches: {workers: many}              | batches.workers",
        "batches: {lease: 500ms}               | batches.lease",
        "batches: {poll_interval: 1ms}         | batches.poll_interval",
        "batches: {item_timeout: 0s}           | batches.item_timeout",
        "batches: {parallel: 3}                | batches.parallel",
    })
    void failsFastNamingTheKey(String yaml, String key) {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ":");
    }
}
