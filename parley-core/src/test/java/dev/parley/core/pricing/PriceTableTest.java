package dev.parley.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.config.ConfigLoader;
import dev.parley.core.config.PriceOverride;
import dev.parley.core.config.ProviderConfig;
import dev.parley.core.config.ProviderType;
import dev.parley.core.config.Secret;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceTableTest {

    private static final Instant NOW = Instant.parse("2026-08-01T12:00:00Z");
    private static final PriceTable TABLE = PriceTable.bundled();

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "OPENAI    | gpt-4o                     | openai/gpt-4o             | 2.5  | 10  | 1.25",
        "OPENAI    | gpt-4o-2024-08-06          | openai/gpt-4o             | 2.5  | 10  | 1.25",
        "OPENAI    | gpt-4o-mini                | openai/gpt-4o-mini        | 0.15 | 0.6 | 0.075",
        "ANTHROPIC | claude-sonnet-4-5-20250929 | anthropic/claude-sonnet-4-5 | 3  | 15  | 0.3",
        "ANTHROPIC | claude-3-5-sonnet-20241022 | anthropic/claude-3-5-sonnet | 3  | 15  | 0.3",
        "GEMINI    | gemini-2.5-flash           | google/gemini-2.5-flash   | 0.3  | 2.5 | 0.03",
        "GEMINI    | models/gemini-2.5-flash    | google/gemini-2.5-flash   | 0.3  | 2.5 | 0.03",
    })
    void findsRealModelsOfEachProviderType(ProviderType type, String model, String source, String input,
                                           String output, String cacheRead) {
        var price = TABLE.find(type, model, NOW).orElseThrow();
        assertThat(price.source()).isEqualTo(source);
        assertThat(price.input().at(1000)).isEqualByComparingTo(input);
        assertThat(price.output().at(1000)).isEqualByComparingTo(output);
        assertThat(price.cacheRead().at(1000)).isEqualByComparingTo(cacheRead);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "OPENAI    | gpt-nonexistent-9",
        "OPENAI    | my-fine-model",
        "ANTHROPIC | claude-nonexistent-1",
        "GEMINI    | gemini-0.1-imaginary",
        "OPENAI_COMPATIBLE | llama-local-8b",
    })
    void anUnknownModelHasNoPrice(ProviderType type, String model) {
        assertThat(TABLE.find(type, model, NOW)).isEmpty();
    }

    @Test
    void aModelIsNotPricedUnderAnotherVendor() {
        assertThat(TABLE.find(ProviderType.OPENAI, "claude-sonnet-4-5", NOW)).isEmpty();
        assertThat(TABLE.find(ProviderType.ANTHROPIC, "gpt-4o", NOW)).isEmpty();
    }

    @Test
    void cachePricesTheDatabaseLeavesOutAreTheInputPrice() {
        var gpt4o = TABLE.find(ProviderType.OPENAI, "gpt-4o", NOW).orElseThrow();
        assertThat(gpt4o.cacheWrite().at(0)).isEqualByComparingTo("2.5");

        var sonnet = TABLE.find(ProviderType.ANTHROPIC, "claude-3-5-sonnet", NOW).orElseThrow();
        assertThat(sonnet.cacheWrite().at(0)).isEqualByComparingTo("3.75");
        // Anthropic's hour-long cache writes cost twice the base input price.
        assertThat(sonnet.cacheWrite1h().at(0)).isEqualByComparingTo("6");
    }

    @Test
    void tieredPricesChangeAbovePromptSize() {
        var sonnet = TABLE.find(ProviderType.ANTHROPIC, "claude-sonnet-4-5", NOW).orElseThrow();
        assertThat(sonnet.input().at(200_000)).isEqualByComparingTo("3");
        assertThat(sonnet.input().at(200_001)).isEqualByComparingTo("6");
        assertThat(sonnet.output().at(200_001)).isEqualByComparingTo("22.5");
        assertThat(sonnet.cacheRead().at(200_001)).isEqualByComparingTo("0.6");
        assertThat(sonnet.cacheWrite().at(200_001)).isEqualByComparingTo("7.5");
        assertThat(sonnet.cacheWrite1h().at(200_001)).isEqualByComparingTo("12");
    }

    @Test
    void pricesChangeOnTheirStartDate() {
        var before = TABLE.find(ProviderType.OPENAI, "o3", Instant.parse("2025-06-09T23:59:59Z")).orElseThrow();
        var after = TABLE.find(ProviderType.OPENAI, "o3", Instant.parse("2025-06-10T00:00:00Z")).orElseThrow();
        assertThat(before.input().at(0)).isEqualByComparingTo("10");
        assertThat(after.input().at(0)).isEqualByComparingTo("2");

        var tieredUntil = TABLE.find(ProviderType.ANTHROPIC, "claude-sonnet-4-6", Instant.parse("2026-03-12T10:00:00Z"));
        var flatFrom = TABLE.find(ProviderType.ANTHROPIC, "claude-sonnet-4-6", Instant.parse("2026-03-13T10:00:00Z"));
        assertThat(tieredUntil.orElseThrow().input().at(300_000)).isEqualByComparingTo("6");
        assertThat(flatFrom.orElseThrow().input().at(300_000)).isEqualByComparingTo("3");
    }

    @Test
    void peakHoursArePricedByTheTimeOfDay() {
        var deepseek = provider("deepseek", ProviderType.OPENAI_COMPATIBLE, "https://api.deepseek.com/v1");
        var peak = TABLE.find(deepseek, "deepseek-chat", Instant.parse("2026-08-01T10:00:00Z")).orElseThrow();
        var offPeak = TABLE.find(deepseek, "deepseek-chat", Instant.parse("2026-08-01T20:00:00Z")).orElseThrow();
        assertThat(peak.input().at(0)).isEqualByComparingTo("0.27");
        assertThat(offPeak.input().at(0)).isEqualByComparingTo("0.135");
    }

    @Test
    void anOpenAiCompatibleServerIsPricedByItsUrlThenByTheModelsName() {
        var local = provider("vllm", ProviderType.OPENAI_COMPATIBLE, "http://127.0.0.1:8000/v1");
        assertThat(TABLE.find(local, "gpt-4o", NOW).map(ModelPrice::source)).contains("openai/gpt-4o");
        assertThat(TABLE.find(local, "anthropic/claude-sonnet-4-5", NOW).map(ModelPrice::source))
                .contains("anthropic/claude-sonnet-4-5");
        assertThat(TABLE.find(local, "meta/llama-local", NOW)).isEmpty();

        var openRouter = provider("router", ProviderType.OPENAI_COMPATIBLE, "https://openrouter.ai/api/v1");
        assertThat(TABLE.find(openRouter, "anthropic/claude-sonnet-4.5", NOW).map(ModelPrice::source))
                .contains("openrouter/anthropic/claude-sonnet-4.5");
    }

    @Test
    void anOperatorsPriceWinsForItsProviderOnly() {
        var main = provider("openai-main", ProviderType.OPENAI, "https://api.openai.com/v1");
        var other = provider("openai-other", ProviderType.OPENAI, "https://api.openai.com/v1");
        var table = TABLE.withOverrides(List.of(new PriceOverride("openai-main", "gpt-4o", new BigDecimal("2.00"),
                new BigDecimal("8"), Optional.of(new BigDecimal("0.5")), Optional.of(BigDecimal.ZERO), Optional.empty())));

        var own = table.find(main, "gpt-4o", NOW).orElseThrow();
        assertThat(own.source()).isEqualTo("config:openai-main/gpt-4o");
        assertThat(own.input().at(0)).isEqualByComparingTo("2");
        assertThat(own.output().at(0)).isEqualByComparingTo("8");
        assertThat(own.cacheRead().at(0)).isEqualByComparingTo("0.5");
        assertThat(own.cacheWrite().at(0)).isEqualByComparingTo("0");
        assertThat(own.cacheWrite1h().at(0)).isEqualByComparingTo("0");
        assertThat(table.find(other, "gpt-4o", NOW).orElseThrow().source()).isEqualTo("openai/gpt-4o");
        assertThat(TABLE.find(main, "gpt-4o", NOW).orElseThrow().source()).isEqualTo("openai/gpt-4o");
    }

    @Test
    void anOperatorMayPriceAModelTheDatabaseDoesNotKnow() {
        var local = provider("vllm", ProviderType.OPENAI_COMPATIBLE, "http://127.0.0.1:8000/v1");
        assertThat(TABLE.find(local, "llama-local-8b", NOW)).isEmpty();
        var table = TABLE.withOverrides(List.of(
                new PriceOverride("vllm", "llama-local-8b", new BigDecimal("0.1"), new BigDecimal("0.2"))));
        var price = table.find(local, "llama-local-8b", NOW).orElseThrow();
        assertThat(price.input().at(0)).isEqualByComparingTo("0.1");
        assertThat(price.cacheRead().at(0)).isEqualByComparingTo("0.1");
    }

    @Test
    void aConfigurationsPricesAndMarkupApply() {
        var config = ConfigLoader.parse("""
                providers:
                  - {name: openai-main, type: openai, keys: [sk-0123456789]}
                prices:
                  - {provider: openai-main, model: gpt-4o, input: 2.00, output: 8.00}
                markup_percent: 10
                """, Map.of());
        var table = PriceTable.of(config);
        var price = table.find(config.provider("openai-main").orElseThrow(), "gpt-4o", NOW).orElseThrow();
        var cost = Cost.of(price, new BilledTokens(1_000_000, 0, 0, 0, 1_000_000), Markup.of(config.pricing()));
        assertThat(cost.base()).isEqualByComparingTo("10");
        assertThat(cost.markup()).isEqualByComparingTo("1");
        assertThat(cost.total()).isEqualByComparingTo("11");
        assertThat(table.version()).isNotEqualTo(TABLE.version());
    }

    @Test
    void theVersionNamesExactlyThePrices() {
        var a = new PriceOverride("p", "m", new BigDecimal("2.50"), new BigDecimal("10"));
        var sameSpeltOtherwise = new PriceOverride("p", "m", new BigDecimal("2.5"), new BigDecimal("10.000"));
        var b = new PriceOverride("p", "n", new BigDecimal("1"), new BigDecimal("1"));
        var dearer = new PriceOverride("p", "m", new BigDecimal("2.51"), new BigDecimal("10"));

        assertThat(TABLE.version()).matches("[0-9a-f]{16}");
        assertThat(TABLE.withOverrides(List.of()).version()).isEqualTo(TABLE.version());
        assertThat(TABLE.withOverrides(List.of(a, b)).version())
                .isEqualTo(TABLE.withOverrides(List.of(b, sameSpeltOtherwise)).version())
                .isNotEqualTo(TABLE.version())
                .isNotEqualTo(TABLE.withOverrides(List.of(dearer, b)).version());
    }

    @Test
    void theBundledTableIsReadOnceAndWhole() {
        assertThat(PriceTable.bundled()).isSameAs(TABLE);
        assertThat(TABLE.modelCount()).isEqualTo(BundledData.modelCount());
    }

    private static ProviderConfig provider(String name, ProviderType type, String baseUrl) {
        return new ProviderConfig(name, type, URI.create(baseUrl), List.of(new Secret("sk-test-0123456789")), Map.of());
    }
}
