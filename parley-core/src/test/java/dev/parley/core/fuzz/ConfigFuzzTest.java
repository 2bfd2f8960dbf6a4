package dev.parley.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.core.config.ConfigException;
import dev.parley.core.config.ConfigLoader;
import dev.parley.core.config.ParleyConfig;
import dev.parley.core.pricing.Pricer;
import dev.parley.core.routing.Router;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@link ConfigLoader} on arbitrary text, Parley's shape and LiteLLM's: it refuses only with a
 * {@link ConfigException}, and a configuration it accepts is one Parley can route and price with (what start-up and
 * every catalog change build from it). The catalog the admin API adds is read the same way on top of a valid file.
 * Seeds (both shapes, and catalogs) are in {@code ConfigFuzzTestInputs/<method>/}.
 */
class ConfigFuzzTest {

    private static final Map<String, String> ENV = Map.of(
            "OPENAI_API_KEY", "sk-fuzz-openai",
            "ANTHROPIC_API_KEY", "sk-ant-fuzz",
            "PARLEY_MASTER_KEY", "pk-master-0123456789abcdef",
            "PARLEY_CI_KEY", "pk-ci-0123456789abcdef");
    private static final ParleyConfig FILE = ConfigLoader.parse("""
            providers:
              - {name: openai-main, type: openai, keys: ["${OPENAI_API_KEY}"]}
            models:
              - name: gpt-4o
                routes: [{provider: openai-main, model: gpt-4o}]
            """, ENV);

    @FuzzTest
    void parse(byte[] input) {
        ParleyConfig config;
        try {
            config = ConfigLoader.parse(new String(input, StandardCharsets.UTF_8), ENV);
        } catch (ConfigException refused) {
            return;
        }
        usable(config);
    }

    @FuzzTest
    void withCatalog(byte[] input) {
        ParleyConfig merged;
        try {
            merged = ConfigLoader.withCatalog(FILE, new String(input, StandardCharsets.UTF_8));
        } catch (ConfigException refused) {
            return;
        }
        usable(merged);
    }

    private static void usable(ParleyConfig config) {
        Router router = new Router(config);
        for (String model : router.modelNames()) {
            assertThat(router.chain(model)).isNotEmpty();
        }
        assertThat(Pricer.of(config).version()).isNotEmpty();
    }
}
