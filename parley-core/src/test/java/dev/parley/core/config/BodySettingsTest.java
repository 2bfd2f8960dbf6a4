package dev.parley.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BodySettingsTest {

    @Test
    void absentKeepsKeptBodiesThirtyDaysUpTo256KiB() {
        assertThat(ConfigLoader.parse("", Map.of()).usage().bodies())
                .isEqualTo(new BodySettings(Duration.ofDays(30), 262_144));
    }

    @Test
    void readsDaysDurationsAndSizes() {
        assertThat(ConfigLoader.parse("usage: {bodies: {retention: 7d, max_bytes: 64KiB}}", Map.of()).usage().bodies())
                .isEqualTo(new BodySettings(Duration.ofDays(7), 65_536));
        assertThat(ConfigLoader.parse("usage: {bodies: {retention: 2h}}", Map.of()).usage().bodies())
                .isEqualTo(new BodySettings(Duration.ofHours(2), BodySettings.DEFAULT_MAX_BYTES));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "usage: {bodies: {retention: 30m}}       | usage.bodies.retention",
        "usage: {bodies: {retention: later}}     | usage.bodies.retention",
        "usage: {bodies: {max_bytes: 100}}       | usage.bodies.max_bytes",
        "usage: {bodies: {max_bytes: 1GiB}}      | usage.bodies.max_bytes",
        "usage: {bodies: {keep: true}}           | usage.bodies.keep",
        "usage: {bodies: 30d}                    | usage.bodies",
    })
    void failsFastNamingTheKey(String yaml, String key) {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ":");
    }
}
