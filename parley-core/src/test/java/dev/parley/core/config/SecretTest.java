package dev.parley.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretTest {

    @Test
    void toStringNeverShowsTheValue() {
        assertThat(new Secret("sk-0123456789abcdef")).hasToString("Secret[****]");
    }

    @ParameterizedTest
    @CsvSource({
        "sk-0123456789abcdef, ****cdef",
        "0123456789abcdef, ****cdef",
        "0123456789abcde, ****",
        "x, ****",
    })
    void maskedShowsTheLastFourCharactersOfLongValuesOnly(String value, String masked) {
        assertThat(new Secret(value).masked()).isEqualTo(masked);
    }

    @Test
    void aSecretIsNeverEmpty() {
        assertThatThrownBy(() -> new Secret("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Secret(null)).isInstanceOf(NullPointerException.class);
    }

    @Property
    void noRecordOfALoadedConfigurationPrintsASecret(
            @ForAll("secrets") String upstreamKey,
            @ForAll("secrets") String virtualKey,
            @ForAll("secrets") String masterKey,
            @ForAll("secrets") String headerValue,
            @ForAll("secrets") String databasePassword) {
        var env = Map.of("UPSTREAM", upstreamKey, "VIRTUAL", "v" + virtualKey, "MASTER", "m" + masterKey,
                "HEADER", headerValue, "DB_PASSWORD", databasePassword);
        var config = ConfigLoader.parse("""
                master_key: ${MASTER}
                storage: {url: "postgresql://parley:${DB_PASSWORD}@db.internal/parley"}
                providers:
                  - {name: p, type: openai, keys: ["${UPSTREAM}"], headers: {api-key: "${HEADER}"}}
                models:
                  - {name: m, routes: [{provider: p}]}
                keys:
                  - {name: ci, key: "${VIRTUAL}"}
                """, env);

        var printed = config.toString();
        assertThat(printed)
                .doesNotContain(upstreamKey)
                .doesNotContain("v" + virtualKey)
                .doesNotContain("m" + masterKey)
                .doesNotContain(headerValue)
                .doesNotContain(databasePassword);
        assertThat(config.providers().getFirst().headers()).containsEntry("api-key", headerValue);
    }

    @Property
    void rejectedKeysAreNeverQuotedInTheMessage(@ForAll("shortSecrets") String key) {
        var e = TestConfigs.failure("keys: [{name: ci, key: '" + key + "'}]", Map.of());

        assertThat(e.getMessage()).isEqualTo("keys[0].key: must be at least 16 characters long (line 1)");
    }

    @Provide
    Arbitrary<String> secrets() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars('-', '_', '.', '~', '+', '/', '=').ofMinLength(16).ofMaxLength(64)
                .map(tail -> "sk-" + tail);
    }

    @Provide
    Arbitrary<String> shortSecrets() {
        return Arbitraries.strings().withCharRange('A', 'Z').withCharRange('0', '9').ofMinLength(1).ofMaxLength(15);
    }
}
