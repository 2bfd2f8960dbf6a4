package dev.parley.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The records guard their own invariants, so a configuration built in code is as sound as a loaded one. */
class RecordsTest {

    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @Test
    void providerTypesHaveStableWireNamesAndHomes() {
        assertThat(ProviderType.values()).extracting(ProviderType::wireName)
                .containsExactly("openai", "openai-compatible", "anthropic", "gemini");
        for (var type : ProviderType.values()) {
            assertThat(ProviderType.fromWireName(type.wireName())).contains(type);
        }
        assertThat(ProviderType.fromWireName("OpenAI")).isEmpty();
        assertThat(ProviderType.OPENAI.defaultBaseUrl()).contains(URI.create("https://api.openai.com/v1"));
        assertThat(ProviderType.ANTHROPIC.defaultBaseUrl()).contains(URI.create("https://api.anthropic.com"));
        assertThat(ProviderType.GEMINI.defaultBaseUrl())
                .contains(URI.create("https://generativelanguage.googleapis.com"));
        assertThat(ProviderType.OPENAI_COMPATIBLE.defaultBaseUrl()).isEmpty();
    }

    @Test
    void collectionsAreCopied() {
        var keys = new ArrayList<>(List.of(new Secret("k")));
        var headers = new HashMap<>(Map.of("X-A", "1"));
        var provider = new ProviderConfig("p", ProviderType.OPENAI, URI.create("https://api.openai.com/v1"), keys,
                headers, TEN_SECONDS, TEN_SECONDS);
        keys.clear();
        headers.clear();

        assertThat(provider.keys()).hasSize(1);
        assertThat(provider.headers()).hasSize(1);
        assertThatThrownBy(() -> provider.keys().add(new Secret("x"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aProviderBaseUrlLosesItsTrailingSlash() {
        var provider = new ProviderConfig("p", ProviderType.OPENAI_COMPATIBLE, URI.create("http://h:8000/v1//"),
                List.of(), Map.of(), TEN_SECONDS, TEN_SECONDS);

        assertThat(provider.baseUrl()).hasToString("http://h:8000/v1");
    }

    @Test
    void providerInvariants() {
        var url = URI.create("https://api.openai.com/v1");
        var key = List.of(new Secret("k"));
        assertThatThrownBy(() -> new ProviderConfig("a/b", ProviderType.OPENAI, url, key, Map.of(), TEN_SECONDS,
                TEN_SECONDS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProviderConfig("p", ProviderType.OPENAI, URI.create("https://u:p@h"), key,
                Map.of(), TEN_SECONDS, TEN_SECONDS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProviderConfig("p", ProviderType.OPENAI, url, List.of(), Map.of(), TEN_SECONDS,
                TEN_SECONDS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProviderConfig("p", ProviderType.OPENAI, url, key, Map.of("X", "a\nb"),
                TEN_SECONDS, TEN_SECONDS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProviderConfig("p", ProviderType.OPENAI, url, key, Map.of(), Duration.ZERO,
                TEN_SECONDS)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aProviderPrintsHeaderNamesButNotValues() {
        var provider = new ProviderConfig("p", ProviderType.OPENAI, URI.create("https://api.openai.com/v1"),
                List.of(new Secret("sk-upstream-0123456789")), Map.of("api-key", "hunter2"), TEN_SECONDS, TEN_SECONDS);

        assertThat(provider.toString()).contains("headers=[api-key]", "keys=[Secret[****]]")
                .doesNotContain("hunter2", "sk-upstream");
    }

    @Test
    void otherInvariants() {
        assertThatThrownBy(() -> new ServerSettings("h", -1, 1, Duration.ZERO, "d"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UsageSettings(100, Duration.ofMillis(1), 99))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StorageSettings("mysql://h/db")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ModelConfig("m", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RouteConfig("p", "m", -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyConfig("k", new Secret("short"), List.of("*")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ParleyConfig(ServerSettings.DEFAULTS, StorageSettings.defaultFor("data"),
                UsageSettings.DEFAULTS, RetrySettings.DEFAULTS, List.of(), List.of(), List.of(), null, List.of()))
                .isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "*, gpt-4o, true",
        "gpt-4o, gpt-4o, true",
        "gpt-4o, gpt-4o-mini, false",
        "gpt-*, gpt-4o-mini, true",
        "*-mini, gpt-4o-mini, true",
        "claude-*, gpt-4o, false",
        "a.b, axb, false",
        "openai/*, openai/gpt-4o, true",
    })
    void keyModelPatterns(String pattern, String model, boolean allowed) {
        var key = new KeyConfig("k", new Secret("0123456789abcdef"), List.of(pattern));

        assertThat(key.allows(model)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            sqlite:data/parley.db                            | sqlite:data/parley.db
            postgresql://db/parley                           | postgresql://db/parley
            postgres://parley:s3cr/et@db:5432/parley         | postgres://parley:****@db:5432/parley
            jdbc:postgresql://db/parley?user=p&password=s3cr | jdbc:postgresql://db/parley?user=p&password=****
            postgresql://parley@db/parley                    | postgresql://parley@db/parley
            """)
    void storageUrlsPrintWithoutPasswords(String url, String printed) {
        var storage = new StorageSettings(url);

        assertThat(storage.redacted()).isEqualTo(printed);
        assertThat(storage).hasToString("StorageSettings[url=" + printed + "]");
    }

    @Test
    void keyPathsPrintAsOperatorsWriteThem() {
        assertThat(KeyPath.ROOT).hasToString("(root)");
        assertThat(KeyPath.of("models").index(0).key("routes").index(2).key("provider"))
                .hasToString("models[0].routes[2].provider");
        assertThat(KeyPath.of("providers").index(1).key("headers").key("x.y"))
                .hasToString("providers[1].headers[\"x.y\"]");
    }

    @Test
    void configLooksUpByName() {
        var config = ConfigLoader.parse(TestConfigs.resource("example.yaml"), TestConfigs.ENV);

        assertThat(config.provider("openai-main").map(ProviderConfig::type)).contains(ProviderType.OPENAI);
        assertThat(config.model("gpt-4o").map(model -> model.routes().size())).isEqualTo(Optional.of(1));
    }
}
