package dev.parley.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PricingSettingsTest {

    private static final String PROVIDER = """
            providers:
              - {name: openai-main, type: openai, keys: [sk-0123456789]}
            """;

    @Test
    void defaultsWhenAbsent() {
        assertThat(ConfigLoader.parse("", Map.of()).pricing()).isEqualTo(PricingSettings.DEFAULTS);
        assertThat(PricingSettings.DEFAULTS.prices()).isEmpty();
        assertThat(PricingSettings.DEFAULTS.markupPercent()).isZero();
    }

    @Test
    void readsPricesAsExactDecimalsAndTheMarkup() {
        var config = ConfigLoader.parse(PROVIDER + """
                prices:
                  - {provider: openai-main, model: gpt-4o, input: 2.50, output: 10.00, cache_read: 1.25, cache_write: 0}
                  - {provider: openai-main, model: my-tune, input: "0.1", output: .3, cache_write_1h: 7}
                markup_percent: -12.5
                """, Map.of());
        assertThat(config.pricing().prices()).containsExactly(
                new PriceOverride("openai-main", "gpt-4o", new BigDecimal("2.50"), new BigDecimal("10.00"),
                        Optional.of(new BigDecimal("1.25")), Optional.of(new BigDecimal("0")), Optional.empty()),
                new PriceOverride("openai-main", "my-tune", new BigDecimal("0.1"), new BigDecimal(".3"),
                        Optional.empty(), Optional.empty(), Optional.of(new BigDecimal("7"))));
        assertThat(config.pricing().markupPercent()).isEqualTo("-12.5");
    }

    @Test
    void theLiteLlmFormatTakesTheSameSections() {
        var config = ConfigLoader.parse("""
                model_list:
                  - model_name: m
                    litellm_params: {model: openai/gpt-4o, api_key: sk-0123456789}
                markup_percent: 5
                """, Map.of());
        assertThat(config.pricing().markupPercent()).isEqualTo("5");
    }

    @Test
    void survivesTheCopiesTheServerMakes() {
        var config = ConfigLoader.parse(PROVIDER + "markup_percent: 3\n", Map.of());
        assertThat(config.withServer(ServerSettings.DEFAULTS).pricing()).isEqualTo(config.pricing());
        assertThat(config.withWarnings(List.of("w")).pricing()).isEqualTo(config.pricing());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "prices: [{provider: openai-main, model: gpt-4o, input: cheap, output: 1}]   | prices[0].input",
        "prices: [{provider: openai-main, model: gpt-4o, input: -1, output: 1}]      | prices[0].input",
        "prices: [{provider: openai-main, model: gpt-4o, input: 1e3, output: 1}]     | prices[0].input",
        "prices: [{provider: openai-main, model: gpt-4o, input: 1}]                  | prices[0].output",
        "prices: [{provider: openai-main, input: 1, output: 1}]                      | prices[0].model",
        "prices: [{model: gpt-4o, input: 1, output: 1}]                              | prices[0].provider",
        "prices: [{provider: openai-main, model: m, input: 1, output: 1, cache_read: x}] | prices[0].cache_read",
        "prices: [{provider: openai-main, model: m, input: 1, output: 1, cached: 1}]  | prices[0].cached",
        "prices: [{provider: nobody, model: gpt-4o, input: 1, output: 1}]            | prices[0].provider",
        "prices: {provider: openai-main}                                             | prices",
        "markup_percent: ten                                                         | markup_percent",
        "markup_percent: -100.5                                                      | markup_percent",
        "markup_percent: 1001                                                        | markup_percent",
    })
    void failsFastNamingTheKey(String yaml, String key) {
        assertThatThrownBy(() -> ConfigLoader.parse(PROVIDER + yaml, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ":");
    }

    @Test
    void aSecondPriceForOneModelIsAnError() {
        assertThatThrownBy(() -> ConfigLoader.parse(PROVIDER + """
                prices:
                  - {provider: openai-main, model: gpt-4o, input: 1, output: 2}
                  - {provider: openai-main, model: gpt-4o, input: 3, output: 4}
                """, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("prices[1].model:")
                .hasMessageContaining("also at prices[0]");
    }

    @Test
    void recordsBuiltInCodeKeepTheRules() {
        assertThatThrownBy(() -> new PricingSettings(List.of(), new BigDecimal("-101")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PriceOverride("p", "m", new BigDecimal("-1"), BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
