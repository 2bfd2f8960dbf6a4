package dev.parley.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetentionSettingsTest {

    @Test
    void absentKeepsEverythingForever() {
        assertThat(ConfigLoader.parse("", Map.of()).usage().retention()).isEqualTo(RetentionSettings.FOREVER);
        assertThat(ConfigLoader.parse("usage: {batch_size: 10}", Map.of()).usage().retention().keepsEverything())
                .isTrue();
    }

    @Test
    void readsDaysAndDurations() {
        assertThat(ConfigLoader.parse("usage: {retention: {raw: 90d, hourly: 400d}}", Map.of()).usage().retention())
                .isEqualTo(new RetentionSettings(Optional.of(Duration.ofDays(90)), Optional.of(Duration.ofDays(400))));
        assertThat(ConfigLoader.parse("usage: {retention: {raw: 48h}}", Map.of()).usage().retention())
                .isEqualTo(new RetentionSettings(Optional.of(Duration.ofHours(48)), Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "usage: {retention: {raw: 0d}}           | usage.retention.raw",
        "usage: {retention: {raw: 12h}}          | usage.retention.raw",
        "usage: {retention: {raw: soon}}         | usage.retention.raw",
        "usage: {retention: {hourly: -1d}}       | usage.retention.hourly",
        "usage: {retention: {daily: 10d}}        | usage.retention.daily",
        "usage: {retention: 90d}                 | usage.retention",
    })
    void failsFastNamingTheKey(String yaml, String key) {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ":");
    }
}
