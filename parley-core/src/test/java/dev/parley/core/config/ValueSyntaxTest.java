package dev.parley.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueSyntaxTest {

    @ParameterizedTest
    @CsvSource({
        "250ms, PT0.25S",
        "30s, PT30S",
        "10m, PT10M",
        "1h, PT1H",
        "45, PT45S",
        "0, PT0S",
        "0ms, PT0S",
    })
    void durations(String text, Duration expected) {
        assertThat(ValueSyntax.duration(text)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "1.5s", "-1s", "10 s", "1d", "1h30m", "10M", "PT10S", "99999999999999999999s",
            "9999999999999999h"})
    void notDurations(String text) {
        assertThat(ValueSyntax.duration(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "1048576, 1048576",
        "512B, 512",
        "512KiB, 524288",
        "10MiB, 10485760",
        "1GiB, 1073741824",
        "1KB, 1000",
        "1MB, 1000000",
        "2GB, 2000000000",
        "10 MiB, 10485760",
    })
    void sizes(String text, long expected) {
        assertThat(ValueSyntax.size(text)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MiB", "1.5MiB", "-1", "10mb", "10Mib", "10TiB", "99999999999GiB"})
    void notSizes(String text) {
        assertThat(ValueSyntax.size(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"OpenAI-Organization, true", "x-api-key, true", "Bad Header, false", "a:b, false", "'', false"})
    void headerNames(String name, boolean valid) {
        assertThat(ValueSyntax.isHeaderName(name)).isEqualTo(valid);
    }

    @Test
    void durationsAndSizesInADocument() {
        var config = ConfigLoader.parse("""
                server: {max_body_bytes: 512KiB, shutdown_grace: 250ms}
                usage: {flush_interval: 1h}
                providers:
                  - {name: p, type: openai, key: k, connect_timeout: 3, request_timeout: 2m}
                """, Map.of());

        assertThat(config.server().maxBodyBytes()).isEqualTo(512 * 1024);
        assertThat(config.server().shutdownGrace()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.usage().flushInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(config.providers().getFirst().timeouts().connect()).contains(Duration.ofSeconds(3));
        assertThat(config.providers().getFirst().timeouts().total()).contains(Duration.ofMinutes(2));
    }

    @Property
    void everyUnitReadsAsItsMultipleOfTheAmount(@ForAll @LongRange(max = 1_000_000) long amount) {
        assertThat(ValueSyntax.duration(amount + "ms")).contains(Duration.ofMillis(amount));
        assertThat(ValueSyntax.duration(amount + "s")).contains(Duration.ofSeconds(amount));
        assertThat(ValueSyntax.duration(String.valueOf(amount))).contains(Duration.ofSeconds(amount));
        assertThat(ValueSyntax.duration(amount + "m")).contains(Duration.ofMinutes(amount));
        assertThat(ValueSyntax.duration(amount + "h")).contains(Duration.ofHours(amount));
        assertThat(ValueSyntax.size(amount + "KiB")).contains(amount * 1024);
        assertThat(ValueSyntax.size(amount + "MB")).contains(amount * 1_000_000);
    }

    @Property
    void integersReadBackExactly(@ForAll long value) {
        assertThat(ValueSyntax.integer(Long.toString(value))).contains(value);
    }
}
