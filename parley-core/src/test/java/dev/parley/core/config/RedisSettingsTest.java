package dev.parley.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedisSettingsTest {

    @Test
    void absentMeansNoRedis() {
        assertThat(ConfigLoader.parse("", Map.of()).redis()).isEmpty();
    }

    @Test
    void readsEveryKeyWithDefaults() {
        var full = ConfigLoader.parse("redis: {url: 'redis://10.0.0.5:6380/2', key_prefix: 'acme:', on_unavailable: closed,"
                + " timeout: 100ms}", Map.of()).redis().orElseThrow();
        assertThat(full).isEqualTo(new RedisSettings("redis://10.0.0.5:6380/2", "acme:",
                RedisSettings.OnUnavailable.CLOSED, Duration.ofMillis(100)));
        var least = ConfigLoader.parse("redis: {url: 'redis://127.0.0.1:6379'}", Map.of()).redis().orElseThrow();
        assertThat(least.keyPrefix()).isEqualTo("parley:");
        assertThat(least.onUnavailable()).isEqualTo(RedisSettings.OnUnavailable.OPEN);
        assertThat(least.timeout()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void thePasswordComesFromTheEnvironmentAndIsNeverShown() {
        var settings = ConfigLoader.parse("redis: {url: 'redis://:${REDIS_PASSWORD}@cache:6379/0'}",
                Map.of("REDIS_PASSWORD", "hunter2-very-secret")).redis().orElseThrow();
        assertThat(settings.url()).isEqualTo("redis://:hunter2-very-secret@cache:6379/0");
        assertThat(settings.toString()).doesNotContain("hunter2").contains("redis://:****@cache:6379/0");
        assertThat(settings.redacted()).isEqualTo("redis://:****@cache:6379/0");
        assertThat(new RedisSettings("redis://u:p4ss@h:1", "p:", RedisSettings.OnUnavailable.OPEN, Duration.ofSeconds(1))
                .redacted()).isEqualTo("redis://u:****@h:1");
    }

    @Test
    void theLiteLlmFormatTakesTheSameSection() {
        var config = ConfigLoader.parse("""
                model_list:
                  - model_name: m
                    litellm_params: {model: openai/gpt-4o, api_key: sk-0123456789}
                redis: {url: 'redis://127.0.0.1:6379/0'}
                """, Map.of());
        assertThat(config.redis()).isEqualTo(Optional.of(new RedisSettings("redis://127.0.0.1:6379/0", "parley:",
                RedisSettings.OnUnavailable.OPEN, Duration.ofMillis(250))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "redis: {}                                                   | redis.url",
        "redis: {url: 'http://127.0.0.1:6379'}                       | redis.url",
        "redis: {url: 'redis://'}                                    | redis.url",
        "redis: {url: 'redis://h:6379/zero'}                         | redis.url",
        "redis: {url: 'redis://h', key_prefix: 'has space'}          | redis.key_prefix",
        "redis: {url: 'redis://h', on_unavailable: maybe}            | redis.on_unavailable",
        "redis: {url: 'redis://h', timeout: 1ms}                     | redis.timeout",
        "redis: {url: 'redis://h', timeout: 1m}                      | redis.timeout",
        "redis: {url: 'redis://h', timeout: soon}                    | redis.timeout",
        "redis: {url: 'redis://h', host: h}                          | redis.host",
    })
    void failsFastNamingTheKey(String yaml, String key) {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ":");
    }

    @Test
    void aBadUrlIsNotEchoed() {
        assertThatThrownBy(() -> ConfigLoader.parse("redis: {url: 'http://:secretpw@h'}", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageNotContaining("secretpw");
    }
}
