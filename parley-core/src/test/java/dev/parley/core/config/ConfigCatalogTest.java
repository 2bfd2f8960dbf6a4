package dev.parley.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The file's configuration with providers and models made through the admin API appended, validated as one. */
class ConfigCatalogTest {

    private static final String FILE = """
            providers:
              - {name: file-p, type: openai, keys: ["${KEY}"]}
            models:
              - {name: file-m, routes: [{provider: file-p, model: gpt-4o}]}
            """;
    private static final ParleyConfig BASE = ConfigLoader.parse(FILE, Map.of("KEY", "sk-file"));

    @Test
    void appendsTheCatalogAfterTheFile() {
        ParleyConfig merged = ConfigLoader.withCatalog(BASE, """
                {"providers": [{"name": "api-p", "type": "anthropic", "keys": ["sk-api"], "region": "eu"}],
                 "models": [{"name": "api-m", "routes": [{"provider": "file-p", "model": "x"},
                                                         {"provider": "api-p", "model": "y"}],
                             "fallbacks": ["file-m"]}]}
                """);

        assertThat(merged.providers()).extracting(ProviderConfig::name).containsExactly("file-p", "api-p");
        assertThat(merged.models()).extracting(ModelConfig::name).containsExactly("file-m", "api-m");
        assertThat(merged.provider("api-p").orElseThrow().keys().getFirst().value()).isEqualTo("sk-api");
        assertThat(merged.provider("file-p").orElseThrow().keys().getFirst().value()).isEqualTo("sk-file");
    }

    @Test
    void refusesWhatTheFileWouldRefuseWithItsMessage() {
        String catalog = "{\"models\": [{\"name\": \"api-m\", \"routes\": [{\"provider\": \"nope\", \"model\": \"x\"}]}]}";
        String asFile = FILE + "  - {name: api-m, routes: [{provider: nope, model: x}]}\n";

        Throwable fromFile = catchThrowable(
                () -> ConfigLoader.parse(asFile, Map.of("KEY", "k")));

        assertThatThrownBy(() -> ConfigLoader.withCatalog(BASE, catalog))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(fromFile.getMessage()).startsWith(e.getMessage()));
        assertThatThrownBy(() -> ConfigLoader.withCatalog(BASE,
                "{\"providers\": [{\"name\": \"file-p\", \"type\": \"openai\", \"keys\": [\"k\"]}]}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("file-p");
    }

    @Test
    void readsNoEnvironment() {
        assertThatThrownBy(() -> ConfigLoader.withCatalog(BASE,
                "{\"providers\": [{\"name\": \"p\", \"type\": \"openai\", \"keys\": [\"${KEY}\"]}]}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageNotContaining("sk-file");
        ParleyConfig literal = ConfigLoader.withCatalog(BASE,
                "{\"providers\": [{\"name\": \"p\", \"type\": \"openai\", \"keys\": [\"a$${KEY}b\"]}]}");
        assertThat(literal.provider("p").orElseThrow().keys().getFirst().value()).isEqualTo("a${KEY}b");
    }

    @Test
    void anEmptyCatalogIsTheFile() {
        ParleyConfig merged = ConfigLoader.withCatalog(BASE, "{\"providers\": [], \"models\": []}");

        assertThat(merged.providers()).isEqualTo(BASE.providers());
        assertThat(merged.models()).isEqualTo(BASE.models());
    }
}
