package dev.parley.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.routing.Router;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeoutsTest {

    private static final String PROVIDER = "  - {name: a, type: openai-compatible, base_url: \"http://localhost:1/v1\"";
    private static final String MODEL = "  - {name: m, routes: [{provider: a}]";

    @Test
    void defaultsWhenAbsent() {
        assertThat(ConfigLoader.parse("", Map.of()).timeouts()).isEqualTo(Timeouts.DEFAULTS);
        assertThat(Timeouts.DEFAULTS).isEqualTo(new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(180),
                Duration.ofSeconds(120), Duration.ofSeconds(600)));
    }

    @Test
    void topLevelKeysOverrideTheDefaultsOneByOne() {
        var timeouts = ConfigLoader.parse("timeouts: {first_token: 5m, idle: 30s}", Map.of()).timeouts();

        assertThat(timeouts).isEqualTo(new Timeouts(Timeouts.DEFAULT_CONNECT, Duration.ofMinutes(5),
                Duration.ofSeconds(30), Timeouts.DEFAULT_TOTAL));
    }

    @Test
    void providersAndModelsKeepOnlyTheKeysTheySet() {
        var config = ConfigLoader.parse("""
                timeouts: {connect: 2s, first_token: 60s, idle: 20s, total: 5m}
                providers:
                %s, timeouts: {idle: 10s, total: 1m}}
                models:
                %s, timeouts: {first_token: 300ms}}
                """.formatted(PROVIDER, MODEL), Map.of());

        assertThat(config.provider("a").orElseThrow().timeouts()).isEqualTo(new TimeoutOverrides(Optional.empty(),
                Optional.empty(), Optional.of(Duration.ofSeconds(10)), Optional.of(Duration.ofMinutes(1))));
        assertThat(config.model("m").orElseThrow().timeouts()).isEqualTo(new TimeoutOverrides(Optional.empty(),
                Optional.of(Duration.ofMillis(300)), Optional.empty(), Optional.empty()));
    }

    @Test
    void theOlderProviderKeysAreTheConnectAndTotalTimeouts() {
        var config = ConfigLoader.parse("providers:\n%s, connect_timeout: 3s, request_timeout: 2m,"
                .formatted(PROVIDER) + " timeouts: {idle: 9s}}\n", Map.of());

        assertThat(config.provider("a").orElseThrow().timeouts()).isEqualTo(new TimeoutOverrides(
                Optional.of(Duration.ofSeconds(3)), Optional.empty(), Optional.of(Duration.ofSeconds(9)),
                Optional.of(Duration.ofMinutes(2))));
    }

    @Test
    void aModelWinsOverItsProviderWhichWinsOverTheTopLevelWhichWinsOverTheDefaults() {
        var top = new TimeoutOverrides(Optional.empty(), Optional.empty(), Optional.of(Duration.ofSeconds(40)),
                Optional.of(Duration.ofSeconds(400))).over(Timeouts.DEFAULTS);
        var provider = new TimeoutOverrides(Optional.of(Duration.ofSeconds(3)), Optional.empty(), Optional.empty(),
                Optional.of(Duration.ofSeconds(300)));
        var model = new TimeoutOverrides(Optional.empty(), Optional.of(Duration.ofSeconds(20)), Optional.empty(),
                Optional.of(Duration.ofSeconds(200)));

        assertThat(Timeouts.resolve(top, provider, model)).isEqualTo(new Timeouts(Duration.ofSeconds(3),
                Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofSeconds(200)));
        assertThat(Timeouts.resolve(top, TimeoutOverrides.NONE, TimeoutOverrides.NONE)).isEqualTo(top);
        assertThat(Timeouts.resolve(Timeouts.DEFAULTS, provider, TimeoutOverrides.NONE)).isEqualTo(new Timeouts(
                Duration.ofSeconds(3), Timeouts.DEFAULT_FIRST_TOKEN, Timeouts.DEFAULT_IDLE, Duration.ofSeconds(300)));
    }

    @Test
    void everyChannelIsTimedByItsOwnModelAndProvider() {
        var config = ConfigLoader.parse("""
                timeouts: {idle: 50s}
                providers:
                %s, timeouts: {idle: 10s, total: 1m}}
                  - {name: b, type: anthropic, key: k}
                models:
                  - {name: slow, routes: [{provider: a}, {provider: b}], timeouts: {first_token: 5m}}
                  - {name: plain, routes: [{provider: a}]}
                """.formatted(PROVIDER), Map.of());
        var router = new Router(config);

        var slow = router.resolve("slow").orElseThrow().channels();
        assertThat(slow.get(0).timeouts()).isEqualTo(new Timeouts(Timeouts.DEFAULT_CONNECT, Duration.ofMinutes(5),
                Duration.ofSeconds(10), Duration.ofMinutes(1)));
        assertThat(slow.get(1).timeouts()).isEqualTo(new Timeouts(Timeouts.DEFAULT_CONNECT, Duration.ofMinutes(5),
                Duration.ofSeconds(50), Timeouts.DEFAULT_TOTAL));
        assertThat(router.resolve("plain").orElseThrow().channels().getFirst().timeouts().firstToken())
                .isEqualTo(Timeouts.DEFAULT_FIRST_TOKEN);
        // Addressed directly, a provider's model has no model-level timeouts to take.
        assertThat(router.resolve("b/any").orElseThrow().channels().getFirst().timeouts().idle())
                .isEqualTo(Duration.ofSeconds(50));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "timeouts: {idle: 0s}                                  | timeouts.idle",
        "timeouts: {first_token: soon}                         | timeouts.first_token",
        "timeouts: {ttft: 1s}                                  | timeouts.ttft",
        "timeouts: 30s                                         | timeouts",
        "providers: [{name: a, type: openai-compatible, base_url: 'http://h/v1', timeouts: {total: -1s}}]"
                + "                                            | providers[0].timeouts.total",
        "providers: [{name: a, type: openai-compatible, base_url: 'http://h/v1', request_timeout: 1m, timeouts: "
                + "{total: 2m}}]                               | providers[0].request_timeout",
        "providers: [{name: a, type: openai-compatible, base_url: 'http://h/v1', connect_timeout: 1s, timeouts: "
                + "{connect: 2s}}]                             | providers[0].connect_timeout",
    })
    void failsFastNamingTheKey(String yaml, String key) {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ":");
    }

    @Test
    void aBadModelTimeoutNamesTheModelsPlace() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                providers:
                %s}
                models:
                  - {name: x, routes: [{provider: a}]}
                  - {name: y, routes: [{provider: a}]}
                  - {name: z, routes: [{provider: a}], timeouts: {idle: forever}}
                """.formatted(PROVIDER), Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("models[2].timeouts.idle:");
    }

    @Test
    void recordsRefuseWhatTheLoaderRefuses() {
        assertThatThrownBy(() -> new Timeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimeoutOverrides(Optional.empty(), Optional.empty(),
                Optional.of(Duration.ofSeconds(-1)), Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }
}
