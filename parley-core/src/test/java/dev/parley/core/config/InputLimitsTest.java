package dev.parley.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InputLimitsTest {

    @Test
    void absentGivesTheDefaults() {
        assertThat(ConfigLoader.parse("", Map.of()).server().limits()).isEqualTo(InputLimits.DEFAULTS);
    }

    @Test
    void readsEveryLimit() {
        InputLimits limits = ConfigLoader.parse("server: {limits: {max_headers: 50, max_header_bytes: 16KiB,"
                + " max_json_depth: 32, max_messages: 100, max_tools: 10, max_parts: 500, body_timeout: 5s,"
                + " keep_alive_timeout: 30s, header_timeout: 3s}}", Map.of()).server().limits();
        assertThat(limits).isEqualTo(new InputLimits(50, 16_384, 32, 100, 10, 500, Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofSeconds(3)));
    }

    @Test
    void aPortChosenAtStartKeepsTheLimits() {
        ServerSettings server = ConfigLoader.parse("server: {limits: {max_tools: 7}}", Map.of()).server();
        assertThat(server.withPort(1234).limits().maxTools()).isEqualTo(7);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "server: {limits: {max_headers: 2}}              | server.limits.max_headers",
        "server: {limits: {max_header_bytes: 10}}        | server.limits.max_header_bytes",
        "server: {limits: {max_json_depth: 5000}}        | server.limits.max_json_depth",
        "server: {limits: {max_messages: 0}}             | server.limits.max_messages",
        "server: {limits: {body_timeout: 0s}}            | server.limits.body_timeout",
        "server: {limits: {header_timeout: 0s}}          | server.limits.header_timeout",
        "server: {limits: {header_timeout: 2h}}          | server.limits.header_timeout",
        "server: {limits: {headers_timeout: 10s}}        | server.limits.headers_timeout",
    })
    void failsFastNamingTheKey(String yaml, String key) {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ":");
    }
}
