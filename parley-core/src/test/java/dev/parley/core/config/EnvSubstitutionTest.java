package dev.parley.core.config;

import static dev.parley.core.config.TestConfigs.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvSubstitutionTest {

    private static final Map<String, String> ENV = Map.of("HOST", "example.com", "PORT", "8080", "EMPTY", "");

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            plain text                 | plain text
            ${HOST}                    | example.com
            https://${HOST}:${PORT}/v1 | https://example.com:8080/v1
            ${MISSING:-fallback}       | fallback
            ${HOST:-fallback}          | example.com
            ${EMPTY:-fallback}         | fallback
            x${EMPTY}y                 | xy
            ${MISSING:-}               | ''
            ${MISSING:-a:-b}           | a:-b
            $${HOST}                   | ${HOST}
            $$${HOST}                  | $${HOST}
            cost: $5 and $HOST         | cost: $5 and $HOST
            $$                         | $$
            """)
    void resolvesReferences(String template, String expected) {
        assertThat(EnvSubstitution.resolve(template, ENV)).isEqualTo(expected);
    }

    @Test
    void anUnsetVariableWithoutADefaultIsAnError() {
        assertThatThrownBy(() -> EnvSubstitution.resolve("${NOPE}", ENV))
                .hasMessage("environment variable NOPE is not set (use ${NOPE:-default} for a default)");
    }

    @Test
    void malformedReferencesAreErrors() {
        assertThatThrownBy(() -> EnvSubstitution.resolve("a ${HOST", ENV)).hasMessageStartingWith("unclosed \"${\"");
        assertThatThrownBy(() -> EnvSubstitution.resolve("${}", ENV)).hasMessageStartingWith("malformed reference");
        assertThatThrownBy(() -> EnvSubstitution.resolve("${1X}", ENV)).hasMessageStartingWith("malformed reference");
        assertThatThrownBy(() -> EnvSubstitution.resolve("${A-B}", ENV)).hasMessageStartingWith("malformed reference");
    }

    @Test
    void aMissingVariableNamesTheKeyPathAndTheVariable() {
        var e = failure("""
                providers:
                  - name: openai-main
                    type: openai
                    keys: ["${OPENAI_API_KEY}", "${OPENAI_API_KEY_2}"]
                """);

        assertThat(e.keyPath()).isEqualTo("providers[0].keys[1]");
        assertThat(e.reason()).isEqualTo(
                "environment variable OPENAI_API_KEY_2 is not set (use ${OPENAI_API_KEY_2:-default} for a default) (line 4)");
    }

    @Test
    void aMissingVariableMessageNeverShowsOtherSecrets() {
        var e = failure("keys: [{name: ci, key: \"${UNSET_KEY}\"}]", Map.of("OTHER", "sk-very-secret-value-123"));

        assertThat(e.getMessage()).isEqualTo("keys[0].key: environment variable UNSET_KEY is not set"
                + " (use ${UNSET_KEY:-default} for a default) (line 1)");
    }

    @Test
    void substitutedValuesCannotChangeTheDocumentsStructure() {
        var hostile = "x\"}\nport: 1\nextra: [\"${";
        var config = ConfigLoader.parse("server: {host: \"${HOST}\", data_dir: '${DIR}'}",
                Map.of("HOST", hostile, "DIR", "a: b # not a comment"));

        assertThat(config.server().host()).isEqualTo(hostile);
        assertThat(config.server().dataDir()).isEqualTo("a: b # not a comment");
        assertThat(config.server().port()).isEqualTo(4000);
    }

    @Test
    void substitutionAppliesToNumbersDurationsAndSizes() {
        var config = ConfigLoader.parse("""
                server: {port: "${PORT}", max_body_bytes: "${SIZE:-1MiB}", shutdown_grace: "${GRACE:-5s}"}
                """, Map.of("PORT", "9000"));

        assertThat(config.server().port()).isEqualTo(9000);
        assertThat(config.server().maxBodyBytes()).isEqualTo(1L << 20);
        assertThat(config.server().shutdownGrace()).hasSeconds(5);
    }

    @Test
    void aBadValueFromTheEnvironmentIsDescribedByItsReferenceNotItsValue() {
        var e = failure("server: {port: \"${PORT}\"}", Map.of("PORT", "not-a-port"));

        assertThat(e.getMessage()).isEqualTo(
                "server.port: expected an integer from 0 to 65535, got the value of \"${PORT}\" (line 1)");
    }

    @Test
    void keysAreNotSubstituted() {
        var e = failure("server: {\"${KEY}\": 1}", Map.of("KEY", "port"));

        assertThat(e.keyPath()).isEqualTo("server[\"${KEY}\"]");
    }

    @Test
    void valuesThatAreNeverReadAreNotResolved() {
        var config = ConfigLoader.parse("""
                model_list:
                  - model_name: m
                    litellm_params: {model: ollama_chat/llama3, extra: "${NOT_SET}"}
                """, Map.of());

        assertThat(config.warnings()).contains("model_list[0].litellm_params.extra: ignored");
    }
}
