package dev.parley.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.routing.Route;
import dev.parley.core.routing.Router;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FallbacksTest {

    private static final String PROVIDERS = """
            providers:
              - {name: a, type: openai-compatible, base_url: "http://localhost:1/v1"}
            """;

    @Test
    void aModelNamesItsFallbacksInOrderAndTheRouterChainsThem() {
        var config = ConfigLoader.parse(PROVIDERS + """
                models:
                  - {name: small, routes: [{provider: a}], fallbacks: [medium, big]}
                  - {name: medium, routes: [{provider: a}], fallbacks: [small]}
                  - {name: big, routes: [{provider: a}]}
                """, Map.of());

        assertThat(config.model("small").orElseThrow().fallbacks()).containsExactly("medium", "big");
        assertThat(config.model("big").orElseThrow().fallbacks()).isEmpty();
        Router router = new Router(config);
        assertThat(router.chain("small")).extracting(Route::model).containsExactly("small", "medium", "big");
        // Only a model's own fallbacks are followed: medium -> small does not loop back.
        assertThat(router.chain("medium")).extracting(Route::model).containsExactly("medium", "small");
        assertThat(router.chain("a/direct")).extracting(Route::model).containsExactly("a/direct");
        assertThat(router.chain("nope")).isEmpty();
    }

    @Test
    void anUnknownFallbackIsRefusedByName() {
        assertThatThrownBy(() -> ConfigLoader.parse(PROVIDERS + """
                models:
                  - {name: small, routes: [{provider: a}], fallbacks: [huge]}
                """, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("models[0].fallbacks[0]: unknown model \"huge\" (known: small)");
    }

    @Test
    void aModelCannotFallBackToItself() {
        assertThatThrownBy(() -> ConfigLoader.parse(PROVIDERS + """
                models:
                  - {name: small, routes: [{provider: a}], fallbacks: [small]}
                """, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("models[0].fallbacks: a model cannot be its own fallback");
        assertThatThrownBy(() -> new ModelConfig("m", List.of(new RouteConfig("a", "m", 1, 0)), List.of("m"),
                Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
