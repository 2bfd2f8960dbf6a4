package dev.parley.core.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/** Shared fixtures: sample files and a shortcut for the exception a document must produce. */
final class TestConfigs {

    static final String OPENAI_KEY = "sk-test-openai-0000000000000001";
    static final String CI_KEY = "pk-ci-0123456789abcdef";
    static final String MASTER_KEY = "master-0123456789abcdef";

    static final Map<String, String> ENV = Map.of(
            "OPENAI_API_KEY", OPENAI_KEY,
            "PARLEY_CI_KEY", CI_KEY,
            "PARLEY_MASTER_KEY", MASTER_KEY);

    private TestConfigs() {}

    static String resource(String name) {
        try (var in = TestConfigs.class.getResourceAsStream("/config/" + name)) {
            return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ConfigException failure(String yaml) {
        return failure(yaml, ENV);
    }

    static ConfigException failure(String yaml, Map<String, String> env) {
        var thrown = new ConfigException[1];
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, env))
                .isInstanceOfSatisfying(ConfigException.class, e -> thrown[0] = e);
        return thrown[0];
    }

    /** A valid document with one provider and one model, to which a test adds the part it is about. */
    static String withProvider(String extra) {
        return """
                providers:
                  - {name: openai-main, type: openai, key: "${OPENAI_API_KEY}"}
                models:
                  - {name: gpt-4o, routes: [{provider: openai-main}]}
                """ + extra;
    }
}
