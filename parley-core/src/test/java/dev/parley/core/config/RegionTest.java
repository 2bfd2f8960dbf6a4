package dev.parley.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.routing.Route;
import dev.parley.core.routing.Router;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** A provider's {@code region} tag, in Parley's shape and LiteLLM's ({@code region_name}), and on its channels. */
class RegionTest {

    @Test
    void aProvidersRegionTagsItsChannels() {
        var config = ConfigLoader.parse("""
                providers:
                  - {name: eu, type: openai-compatible, base_url: "http://localhost:1/v1", region: eu-west}
                  - {name: anywhere, type: openai-compatible, base_url: "http://localhost:2/v1"}
                models:
                  - name: m
                    routes: [{provider: eu, model: m1}, {provider: anywhere, model: m2}]
                """, Map.of());

        assertThat(config.provider("eu").orElseThrow().region()).contains("eu-west");
        assertThat(config.provider("eu").orElseThrow().toString()).contains("region=eu-west");
        Route route = new Router(config).resolve("m").orElseThrow();
        assertThat(route.channels()).extracting(c -> c.region()).containsExactly(Optional.of("eu-west"), Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"eu west\"", "\"-eu\"", "[eu]"})
    void aBadRegionIsNamed(String region) {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                providers:
                  - {name: a, type: openai-compatible, base_url: "http://localhost:1/v1", region: %s}
                """.formatted(region), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("providers[0].region:");
    }

    @Test
    void liteLlmsRegionNameIsTheRegionAndSeparatesProviders() {
        var config = ConfigLoader.parse("""
                model_list:
                  - {model_name: gpt-4o, litellm_params: {model: openai/gpt-4o, api_key: sk-1, region_name: eu}}
                  - {model_name: gpt-4o, litellm_params: {model: openai/gpt-4o, api_key: sk-1}}
                """, Map.of());

        assertThat(config.providers()).extracting(ProviderConfig::region).containsExactly(Optional.of("eu"),
                Optional.empty());
        assertThat(config.warnings()).noneMatch(w -> w.contains("region_name"));
    }
}
