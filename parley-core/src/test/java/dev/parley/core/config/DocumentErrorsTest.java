package dev.parley.core.config;

import static dev.parley.core.config.TestConfigs.failure;
import static dev.parley.core.config.TestConfigs.withProvider;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Unknown keys, wrong types, missing keys and broken YAML: each names the key and, where known, the line. */
class DocumentErrorsTest {

    @Test
    void anUnknownProviderKeyListsTheKnownOnes() {
        var e = failure(TestConfigs.resource("bad-unknown-key.yaml"));

        assertThat(e.getMessage()).isEqualTo("providers[0].bse_url: unknown key (known: name, type, base_url, keys,"
                + " key, headers, timeouts, connect_timeout, request_timeout, rpm, tpm, health_check, region, allow_link_local,"
                + " tls, forward_headers) (line 4)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            servr: {}                                   | servr
            server: {hots: x}                           | server.hots
            storage: {path: x}                          | storage.path
            usage: {batch: 1}                           | usage.batch
            keys: [{name: a, key: aaaaaaaaaaaaaaaa, model: x}] | keys[0].model
            models: [{name: m, route: []}]              | models[0].route
            models: [{name: m, routes: [{provider: p, wieght: 1}]}] | models[0].routes[0].wieght
            """)
    void unknownKeysFailEverywhere(String yaml, String keyPath) {
        var e = failure(yaml);

        assertThat(e.keyPath()).isEqualTo(keyPath);
        assertThat(e.reason()).startsWith("unknown key (known: ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            server: {port: abc}                | server.port            | expected an integer from 0 to 65535, got "abc" (line 1)
            server: {port: -1}                 | server.port            | expected an integer from 0 to 65535, got "-1" (line 1)
            server: {port: 65536}              | server.port            | expected an integer from 0 to 65535, got "65536" (line 1)
            server: {port: 80.5}               | server.port            | expected an integer from 0 to 65535, got "80.5" (line 1)
            server: {port: [1]}                | server.port            | expected text, got a list (line 1)
            server: [a]                        | server                 | expected a mapping, got a list (line 1)
            server: 8080                       | server                 | expected a mapping, got "8080" (line 1)
            server: {host: {a: b}}             | server.host            | expected text, got a mapping (line 1)
            server: {max_body_bytes: 10 cats}  | server.max_body_bytes  | expected a size in bytes such as 1048576, 512KiB, 10MiB or 1MB, got "10 cats" (line 1)
            server: {max_body_bytes: 0}        | server.max_body_bytes  | expected a size in bytes such as 1048576, 512KiB, 10MiB or 1MB, got "0" (line 1)
            server: {shutdown_grace: soon}     | server.shutdown_grace  | expected a duration such as 250ms, 30s, 10m, 1h or a whole number of seconds, got "soon" (line 1)
            usage: {batch_size: 0}             | usage.batch_size       | expected an integer >= 1, got "0" (line 1)
            usage: {flush_interval: 0ms}       | usage.flush_interval   | must be longer than 0 (line 1)
            usage: {durability: fsync}         | usage.durability       | expected batched or journal, got "fsync" (line 1)
            providers: {name: x}               | providers              | expected a list, got a mapping (line 1)
            providers: [openai]                | providers[0]           | expected a mapping, got "openai" (line 1)
            keys: [{name: a, key: aaaaaaaaaaaaaaaa, models: "*"}] | keys[0].models | expected a list, got "*" (line 1)
            """)
    void wrongTypesNameTheKeyAndWhatWasFound(String yaml, String keyPath, String reason) {
        var e = failure(yaml);

        assertThat(e.keyPath()).isEqualTo(keyPath);
        assertThat(e.reason()).isEqualTo(reason);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            providers: [{type: openai, key: k}]           | providers[0].name
            providers: [{name: p, key: k}]                | providers[0].type
            models: [{routes: []}]                        | models[0].name
            models: [{name: m}]                           | models[0].routes
            models: [{name: m, routes: [{model: x}]}]     | models[0].routes[0].provider
            keys: [{key: aaaaaaaaaaaaaaaa}]               | keys[0].name
            keys: [{name: ci}]                            | keys[0].key
            """)
    void missingRequiredKeysAreNamed(String yaml, String keyPath) {
        var e = failure(yaml);

        assertThat(e.keyPath()).isEqualTo(keyPath);
        assertThat(e.reason()).isEqualTo("required key is missing (line 1)");
    }

    @Test
    void aRequiredKeyWithAnEmptyValueIsReportedAsEmpty() {
        var e = failure("providers: [{name: '', type: openai, key: k}]");

        assertThat(e.getMessage()).isEqualTo("providers[0].name: must not be empty (line 1)");
    }

    @Test
    void anEmptyOptionalValueMeansTheDefault() {
        var config = ConfigLoader.parse("server: {host: , port: '${PORT:-}'}", TestConfigs.ENV);

        assertThat(config.server()).isEqualTo(ServerSettings.DEFAULTS);
    }

    @Test
    void nullMeansTheDefault() {
        var config = ConfigLoader.parse("server: {port: null}\nusage: null", TestConfigs.ENV);

        assertThat(config.server().port()).isEqualTo(4000);
        assertThat(config.usage()).isEqualTo(UsageSettings.DEFAULTS);
    }

    @Test
    void brokenYamlIsReportedWithTheDeepestKeyReachedAndTheLine() {
        var e = failure("""
                server:
                  host: 127.0.0.1
                  port: [4000
                """);

        assertThat(e.keyPath()).isEqualTo("server.port");
        assertThat(e.reason()).startsWith("invalid YAML: ").endsWith("(line 3)").doesNotContain("\n");
    }

    @Test
    void yamlSyntaxErrorsDoNotQuoteTheDocument() {
        var e = failure("master_key: \"sk-secret-in-an-unterminated-string\n");

        assertThat(e.keyPath()).isEqualTo("master_key");
        assertThat(e.getMessage()).doesNotContain("sk-secret");
    }

    @Test
    void duplicateKeysAreRefused() {
        var e = failure("""
                server:
                  port: 4000
                  port: 4001
                """);

        assertThat(e.getMessage()).isEqualTo("server.port: duplicate key, first given at line 2 (line 3)");
    }

    @Test
    void aliasesAreRefusedRatherThanMisread() {
        var e = failure("""
                server: {host: &h 0.0.0.0}
                storage: {url: *h}
                """);

        assertThat(e.getMessage()).isEqualTo("storage.url: YAML aliases (*name) are not supported (line 2)");
    }

    @Test
    void aSecondDocumentIsRefused() {
        var e = failure("server: {port: 1}\n---\nserver: {port: 2}\n");

        assertThat(e.getMessage()).isEqualTo("(root): expected a single YAML document, found another one (line 3)");
    }

    @Test
    void theRootMustBeAMapping() {
        assertThat(failure("- a\n- b\n").getMessage()).isEqualTo("(root): expected a mapping, got a list (line 1)");
        assertThat(failure("just text").getMessage()).isEqualTo("(root): expected a mapping, got \"just text\" (line 1)");
    }

    @Test
    void anUnknownTopLevelKeyListsTheSections() {
        assertThat(failure(withProvider("routes: []")).getMessage()).isEqualTo(
                "routes: unknown key (known: server, storage, usage, retries, queue, timeouts, health, master_key,"
                        + " providers, models, keys, prices, markup_percent, redis,"
                        + " idempotency, batches) (line 5)");
    }

    @Test
    void oddKeysAreQuotedInThePath() {
        assertThat(failure("server: {\"a.b\": 1}").keyPath()).isEqualTo("server[\"a.b\"]");
    }

    @Test
    void longValuesAreShortenedInMessages() {
        var e = failure("server: {port: " + "9".repeat(100) + "}");

        assertThat(e.reason()).contains("\"" + "9".repeat(60) + "...\"");
    }
}
