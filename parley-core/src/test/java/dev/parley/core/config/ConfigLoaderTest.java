package dev.parley.core.config;

import static dev.parley.core.config.TestConfigs.CI_KEY;
import static dev.parley.core.config.TestConfigs.ENV;
import static dev.parley.core.config.TestConfigs.MASTER_KEY;
import static dev.parley.core.config.TestConfigs.OPENAI_KEY;
import static dev.parley.core.config.TestConfigs.failure;
import static dev.parley.core.config.TestConfigs.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.usage.LedgerDurability;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {

    @Test
    void theReferenceExampleParsesToTheExpectedRecords() {
        var config = ConfigLoader.parse(resource("example.yaml"), ENV);

        var expected = new ParleyConfig(
                new ServerSettings("127.0.0.1", 4000, 10_485_760L, Duration.ofSeconds(30), "data"),
                new StorageSettings("sqlite:data/parley.db"),
                new UsageSettings(100, Duration.ofMillis(200), 100_000),
                RetrySettings.DEFAULTS,
                List.of(new ProviderConfig("openai-main", ProviderType.OPENAI, URI.create("https://api.openai.com/v1"),
                        List.of(new Secret(OPENAI_KEY)), Map.of("OpenAI-Organization", "org-1"),
                        Duration.ofSeconds(5), Duration.ofMinutes(10))),
                List.of(new ModelConfig("gpt-4o", List.of(new RouteConfig("openai-main", "gpt-4o", 1, 0)))),
                List.of(new KeyConfig("ci", new Secret(CI_KEY), List.of("*"))),
                Optional.of(new Secret(MASTER_KEY)),
                List.of());
        assertThat(config).isEqualTo(expected);
        assertThat(config.provider("openai-main")).contains(expected.providers().getFirst());
        assertThat(config.model("gpt-4o")).contains(expected.models().getFirst());
        assertThat(config.provider("nope")).isEmpty();
        assertThat(config.model("nope")).isEmpty();
    }

    @Test
    void aRicherFileUsesDefaultsWhereKeysAreLeftOut() {
        var env = Map.of("ANTHROPIC_API_KEY", "sk-ant-000", "GEMINI_KEY_1", "g1", "GEMINI_KEY_2", "g2",
                "TEAM_A_KEY", "team-a-0123456789abcdef");

        var config = ConfigLoader.parse(resource("multi-provider.yaml"), env);

        assertThat(config.server()).isEqualTo(
                new ServerSettings("0.0.0.0", 8080, 32L << 20, Duration.ofSeconds(30), "/var/lib/parley"));
        assertThat(config.storage().url()).isEqualTo("sqlite:/var/lib/parley/parley.db");
        assertThat(config.provider("anthropic").orElseThrow().baseUrl()).hasToString("https://api.anthropic.com");
        assertThat(config.provider("anthropic").orElseThrow().keys()).containsExactly(new Secret("sk-ant-000"));
        assertThat(config.provider("local-vllm").orElseThrow().baseUrl()).hasToString("http://vllm.internal:8000/v1");
        assertThat(config.provider("local-vllm").orElseThrow().keys()).isEmpty();
        assertThat(config.provider("gemini").orElseThrow().keys()).containsExactly(new Secret("g1"), new Secret("g2"));
        assertThat(config.provider("gemini").orElseThrow().timeouts()).isEqualTo(TimeoutOverrides.NONE);
        assertThat(config.model("claude-sonnet").orElseThrow().routes()).containsExactly(
                new RouteConfig("anthropic", "claude-sonnet-4-5", 3, 0),
                new RouteConfig("local-vllm", "qwen3-32b", 1, 1));
        assertThat(config.model("gemini-2.5-flash").orElseThrow().routes())
                .containsExactly(new RouteConfig("gemini", "gemini-2.5-flash", 1, 0));
        assertThat(config.keys().get(0).models()).containsExactly("claude-*");
        assertThat(config.keys().get(1).key().value()).isEqualTo("${literal}-not-a-reference-0123");
        assertThat(config.masterKey()).isEmpty();
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void theJournalDurabilityIsRead() {
        var config = ConfigLoader.parse("usage: {durability: journal}", Map.of());

        assertThat(config.usage().durability()).isEqualTo(LedgerDurability.JOURNAL);
        assertThat(config.usage().batchSize()).isEqualTo(UsageSettings.DEFAULT_BATCH_SIZE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "# nothing but a comment\n", "\n\n", "---\n"})
    void anEmptyDocumentGivesTheDefaults(String yaml) {
        var config = ConfigLoader.parse(yaml, Map.of());

        assertThat(config.server()).isEqualTo(ServerSettings.DEFAULTS);
        assertThat(config.server()).isEqualTo(
                new ServerSettings("127.0.0.1", 4000, 10L * 1024 * 1024, Duration.ofSeconds(30), "data"));
        assertThat(config.storage()).isEqualTo(new StorageSettings("sqlite:data/parley.db"));
        assertThat(config.usage()).isEqualTo(
                new UsageSettings(1000, Duration.ofMillis(200), 100_000, LedgerDurability.BATCHED));
        assertThat(config.providers()).isEmpty();
        assertThat(config.models()).isEmpty();
        assertThat(config.keys()).isEmpty();
        assertThat(config.masterKey()).isEmpty();
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void defaultsEqualAnEmptyMappingAndTakeTheMasterKeyFromTheEnvironment() {
        var env = Map.of("PARLEY_MASTER_KEY", MASTER_KEY);

        assertThat(ConfigLoader.defaults(env)).isEqualTo(ConfigLoader.parse("{}", env));
        assertThat(ConfigLoader.defaults(env).masterKey()).contains(new Secret(MASTER_KEY));
        assertThat(ConfigLoader.defaults(Map.of())).isEqualTo(ConfigLoader.parse("{}", Map.of()));
    }

    @Test
    void aMasterKeyInTheFileWinsOverTheEnvironment() {
        var config = ConfigLoader.parse("master_key: file-master-key-0123456", Map.of("PARLEY_MASTER_KEY", MASTER_KEY));

        assertThat(config.masterKey()).contains(new Secret("file-master-key-0123456"));
    }

    @Test
    void anEmptyMasterKeyFallsBackToTheEnvironment() {
        var config = ConfigLoader.parse("master_key: ${UNSET:-}", Map.of("PARLEY_MASTER_KEY", MASTER_KEY));

        assertThat(config.masterKey()).contains(new Secret(MASTER_KEY));
    }

    @Test
    void theStorageDefaultFollowsTheDataFolder() {
        var config = ConfigLoader.parse("server: {data_dir: /srv/parley/}", Map.of());

        assertThat(config.storage().url()).isEqualTo("sqlite:/srv/parley/parley.db");
    }

    @Test
    void theEnvironmentMapIsCopied() {
        var env = new HashMap<>(ENV);
        var config = ConfigLoader.parse(resource("example.yaml"), env);
        env.clear();

        assertThat(config.masterKey()).contains(new Secret(MASTER_KEY));
    }

    @Test
    void badSampleFilesNameTheirKey() {
        assertThat(failure(resource("bad-unknown-key.yaml")).keyPath()).isEqualTo("providers[0].bse_url");
        assertThat(failure(resource("bad-route-provider.yaml")).keyPath()).isEqualTo("models[0].routes[2].provider");
        assertThat(failure(resource("bad-port.yaml")).getMessage())
                .isEqualTo("server.port: expected an integer from 0 to 65535, got \"abc\" (line 3)");
        assertThat(failure(resource("bad-mixed-formats.yaml")).keyPath()).isEqualTo("providers");
    }

    @Test
    void theMessageIsTheKeyPathAndTheReason() {
        var e = failure(resource("bad-route-provider.yaml"));

        assertThat(e.getMessage()).isEqualTo(e.keyPath() + ": " + e.reason());
        assertThat(e.reason()).isEqualTo("unknown provider \"opeani-main\" (known: openai-main) (line 8)");
    }
}
