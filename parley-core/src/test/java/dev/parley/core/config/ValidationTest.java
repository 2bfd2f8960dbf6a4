package dev.parley.core.config;

import static dev.parley.core.config.TestConfigs.failure;
import static dev.parley.core.config.TestConfigs.withProvider;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One test per validation rule, each asserting the exact key path of the failure. */
class ValidationTest {

    private static final String KEY_A = "key-a-0123456789abcdef";
    private static final String KEY_B = "key-b-0123456789abcdef";

    @Test
    void providerNamesAreUnique() {
        var e = failure("""
                providers:
                  - {name: openai-main, type: openai, key: k1}
                  - {name: openai-main, type: anthropic, key: k2}
                """);

        assertThat(e.getMessage())
                .isEqualTo("providers[1].name: duplicate provider name \"openai-main\" (also at providers[0]) (line 3)");
    }

    @ParameterizedTest
    @CsvSource({"openai/main", "-openai", ".hidden", "open ai", "ünïcode"})
    void providerNamesAreRestrictedBecauseClientsMaySendProviderSlashModel(String name) {
        var e = failure("providers: [{name: '" + name + "', type: openai, key: k}]");

        assertThat(e.keyPath()).isEqualTo("providers[0].name");
        assertThat(e.reason()).startsWith("expected letters, digits, '.', '_' and '-', starting with a letter or digit");
    }

    @Test
    void providerNamesMayUseDotsDashesAndUnderscores() {
        var config = ConfigLoader.parse("providers: [{name: A1.b_c-d, type: openai, key: k}]", Map.of());

        assertThat(config.provider("A1.b_c-d")).isPresent();
    }

    @Test
    void providerTypesAreKnown() {
        assertThat(failure("providers: [{name: p, type: azure, key: k}]").getMessage()).isEqualTo(
                "providers[0].type: expected one of openai, openai-compatible, anthropic, gemini, got \"azure\" (line 1)");
    }

    @Test
    void modelNamesAreUnique() {
        var e = failure("""
                providers:
                  - {name: openai-main, type: openai, key: k}
                models:
                  - {name: gpt-4o, routes: [{provider: openai-main}]}
                  - {name: gpt-4o-mini, routes: [{provider: openai-main}]}
                  - {name: gpt-4o, routes: [{provider: openai-main}]}
                """);

        assertThat(e.getMessage())
                .isEqualTo("models[2].name: duplicate model name \"gpt-4o\" (also at models[0]) (line 6)");
    }

    @Test
    void modelNamesAreNotEmpty() {
        assertThat(failure("models: [{name: ' ', routes: [{provider: p}]}]").getMessage())
                .isEqualTo("models[0].name: must not be empty (line 1)");
    }

    @Test
    void everyRoutesProviderExists() {
        assertThat(failure(TestConfigs.resource("bad-route-provider.yaml")).keyPath())
                .isEqualTo("models[0].routes[2].provider");
        assertThat(failure("models: [{name: m, routes: [{provider: p}]}]").getMessage())
                .isEqualTo("models[0].routes[0].provider: unknown provider \"p\" (no providers are configured) (line 1)");
    }

    @Test
    void aModelHasAtLeastOneRoute() {
        assertThat(failure(withProvider("").replace("routes: [{provider: openai-main}]", "routes: []")).getMessage())
                .isEqualTo("models[0].routes: must have at least one route (line 4)");
    }

    @Test
    void weightsAreNotNegativeButMayBeZero() {
        assertThat(failure(withProvider("").replace("{provider: openai-main}", "{provider: openai-main, weight: -1}"))
                .getMessage())
                .isEqualTo("models[0].routes[0].weight: expected an integer >= 0, got \"-1\" (line 4)");
        var config = ConfigLoader.parse(
                withProvider("").replace("{provider: openai-main}", "{provider: openai-main, weight: 0}"), TestConfigs.ENV);
        assertThat(config.models().getFirst().routes().getFirst().weight()).isZero();
    }

    @Test
    void prioritiesAreNotNegative() {
        assertThat(failure(withProvider("").replace("{provider: openai-main}", "{provider: openai-main, priority: -2}"))
                .keyPath()).isEqualTo("models[0].routes[0].priority");
    }

    @Test
    void keyNamesAreUnique() {
        var e = failure("keys: [{name: ci, key: " + KEY_A + "}, {name: ci, key: " + KEY_B + "}]");

        assertThat(e.getMessage()).isEqualTo("keys[1].name: duplicate key name \"ci\" (also at keys[0]) (line 1)");
    }

    @Test
    void keyValuesAreUniqueAndTheMessageDoesNotShowThem() {
        var e = failure("keys: [{name: a, key: " + KEY_A + "}, {name: b, key: " + KEY_A + "}]");

        assertThat(e.getMessage()).isEqualTo("keys[1].key: same value as keys[0].key (line 1)");
    }

    @Test
    void keyValuesHaveAtLeastSixteenCharacters() {
        var e = failure("keys: [{name: a, key: short-key-15ch}]");

        assertThat(e.getMessage()).isEqualTo("keys[0].key: must be at least 16 characters long (line 1)");
    }

    @Test
    void aKeyDiffersFromTheMasterKey() {
        var e = failure("master_key: " + KEY_A + "\nkeys: [{name: a, key: " + KEY_A + "}]");

        assertThat(e.getMessage())
                .isEqualTo("keys[0].key: same value as the master key; a virtual key must differ from it (line 2)");
    }

    @Test
    void aKeyListsAtLeastOneModelPattern() {
        assertThat(failure("keys: [{name: a, key: " + KEY_A + ", models: []}]").getMessage())
                .isEqualTo("keys[0].models: must list at least one model pattern; use \"*\" for all models (line 1)");
    }

    @Test
    void theMasterKeyHasAtLeastSixteenCharacters() {
        assertThat(failure("master_key: too-short").getMessage())
                .isEqualTo("master_key: must be at least 16 characters long (line 1)");
        assertThat(failure("", Map.of("PARLEY_MASTER_KEY", "too-short")).getMessage()).isEqualTo(
                "master_key: the PARLEY_MASTER_KEY environment variable must hold at least 16 characters");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            api.openai.com/v1                  | expected an absolute URL such as https://api.example.com/v1 (line 1)
            /v1                                | expected an absolute URL such as https://api.example.com/v1 (line 1)
            ftp://files.example.com            | expected an http or https URL, got scheme "ftp" (line 1)
            https://user:hunter2@example.com/v1 | must not contain credentials; put the key in keys (line 1)
            https://example.com/v1?key=abc     | must not have a query or fragment (line 1)
            https://example.com/v1#top         | must not have a query or fragment (line 1)
            https://exa mple.com               | not a valid URL: Illegal character in authority (line 1)
            """)
    void baseUrlsAreAbsoluteHttpWithoutCredentialsQueryOrFragment(String url, String reason) {
        var e = failure("providers: [{name: p, type: openai, key: k, base_url: '" + url + "'}]");

        assertThat(e.keyPath()).isEqualTo("providers[0].base_url");
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void baseUrlsMayNameHostsWithUnderscores() {
        var config = ConfigLoader.parse(
                "providers: [{name: p, type: openai-compatible, base_url: 'http://my_vllm:8000/v1'}]", Map.of());

        assertThat(config.providers().getFirst().baseUrl()).hasToString("http://my_vllm:8000/v1");
        assertThat(failure("providers: [{name: p, type: openai-compatible, base_url: 'http://me:pw@my_vllm/v1'}]")
                .reason()).isEqualTo("must not contain credentials; put the key in keys (line 1)");
    }

    @Test
    void secretsLoseSurroundingWhitespace() {
        var config = ConfigLoader.parse("providers: [{name: p, type: openai, key: '${KEY}'}]",
                Map.of("KEY", "sk-from-a-file\n"));

        assertThat(config.providers().getFirst().keys()).containsExactly(new Secret("sk-from-a-file"));
    }

    @Test
    void anOpenAiCompatibleProviderNeedsABaseUrl() {
        assertThat(failure("providers: [{name: p, type: openai-compatible}]").getMessage())
                .isEqualTo("providers[0].base_url: required for type openai-compatible (line 1)");
    }

    @Test
    void vendorProvidersNeedAKey() {
        assertThat(failure("providers: [{name: p, type: anthropic}]").getMessage())
                .isEqualTo("providers[0].keys: at least one key is required for type anthropic (line 1)");
        assertThat(failure("providers: [{name: p, type: gemini, keys: []}]").keyPath()).isEqualTo("providers[0].keys");
    }

    @Test
    void upstreamKeysAreNotEmpty() {
        assertThat(failure("providers: [{name: p, type: openai, keys: ['${EMPTY}']}]", Map.of("EMPTY", ""))
                .getMessage()).isEqualTo("providers[0].keys[0]: must not be empty (line 1)");
    }

    @Test
    void keyAndKeysAreExclusive() {
        assertThat(failure("providers: [{name: p, type: openai, key: a, keys: [b]}]").getMessage())
                .isEqualTo("providers[0].key: give either key or keys, not both (line 1)");
    }

    @Test
    void headerNamesAreValidTokens() {
        var e = failure("providers: [{name: p, type: openai, key: k, headers: {'Bad Header': x}}]");

        assertThat(e.getMessage()).isEqualTo("providers[0].headers[\"Bad Header\"]: not a valid header name (line 1)");
    }

    @Test
    void headerValuesHaveNoLineBreaks() {
        var e = failure("providers: [{name: p, type: openai, key: k, headers: {X-A: \"a\\r\\nX-Injected: 1\"}}]");

        assertThat(e.getMessage())
                .isEqualTo("providers[0].headers.X-A: a header value must not contain line breaks (line 1)");
    }

    @Test
    void headerNamesAreUniqueIgnoringCase() {
        var e = failure("providers: [{name: p, type: openai, key: k, headers: {X-Team: a, x-team: b}}]");

        assertThat(e.keyPath()).isEqualTo("providers[0].headers.x-team");
    }

    @Test
    void providerTimeoutsArePositive() {
        assertThat(failure("providers: [{name: p, type: openai, key: k, connect_timeout: 0}]").getMessage())
                .isEqualTo("providers[0].connect_timeout: must be longer than 0 (line 1)");
        assertThat(failure("providers: [{name: p, type: openai, key: k, request_timeout: 0ms}]").keyPath())
                .isEqualTo("providers[0].request_timeout");
    }

    @Test
    void thePortIsFrom0To65535AndZeroMeansAnyFreePort() {
        assertThat(failure("server:\n  port: 70000").getMessage())
                .isEqualTo("server.port: expected an integer from 0 to 65535, got \"70000\" (line 2)");
        assertThat(ConfigLoader.parse("server: {port: 65535}", Map.of()).server().port()).isEqualTo(65535);
        assertThat(ConfigLoader.parse("server: {port: 0}", Map.of()).server().port()).isZero();
    }

    @Test
    void theBatchSizeIsAtLeastOne() {
        assertThat(failure("usage: {batch_size: 0}").keyPath()).isEqualTo("usage.batch_size");
    }

    @Test
    void theQueueHoldsAtLeastOneBatch() {
        assertThat(failure("usage: {batch_size: 500, queue_capacity: 100}").getMessage())
                .isEqualTo("usage.queue_capacity: must be at least batch_size (500), got 100 (line 1)");
        assertThat(failure("usage:\n  batch_size: 200000").getMessage())
                .isEqualTo("usage.queue_capacity: must be at least batch_size (200000), got 100000 (line 2)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            sqlite:data/parley.db                          | SQLITE
            jdbc:sqlite:/var/lib/parley.db                 | SQLITE
            postgresql://db.internal/parley                | POSTGRESQL
            postgres://parley:secret@db.internal:5432/parley | POSTGRESQL
            jdbc:postgresql://db.internal:5432/parley?sslmode=require | POSTGRESQL
            """)
    void theStorageUrlFormsAreAccepted(String url, StorageSettings.Kind kind) {
        var config = ConfigLoader.parse("storage: {url: '" + url + "'}", Map.of());

        assertThat(config.storage().url()).isEqualTo(url);
        assertThat(config.storage().kind()).isEqualTo(kind);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            mysql://root:hunter2@db/parley | expected sqlite:PATH, jdbc:sqlite:PATH, postgresql://..., postgres://... or jdbc:postgresql://... (line 1)
            data/parley.db                 | expected sqlite:PATH, jdbc:sqlite:PATH, postgresql://..., postgres://... or jdbc:postgresql://... (line 1)
            sqlite:                        | expected a database file after "sqlite:" (line 1)
            postgres://                    | expected a host after "postgres://" (line 1)
            """)
    void otherStorageUrlsAreRefusedWithoutQuotingThem(String url, String reason) {
        var e = failure("storage: {url: '" + url + "'}");

        assertThat(e.keyPath()).isEqualTo("storage.url");
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void unusedProvidersAndPatternsMatchingNothingAreWarnings() {
        var config = ConfigLoader.parse("""
                providers:
                  - {name: openai-main, type: openai, key: k}
                  - {name: spare, type: gemini, key: k}
                models:
                  - {name: gpt-4o, routes: [{provider: openai-main}]}
                keys:
                  - {name: ci, key: %s, models: [gpt-*, claude-*]}
                """.formatted(KEY_A), Map.of());

        assertThat(config.warnings()).containsExactly(
                "providers[1]: \"spare\" is not used by any model",
                "keys[0].models[1]: \"claude-*\" matches no configured model");
    }
}
