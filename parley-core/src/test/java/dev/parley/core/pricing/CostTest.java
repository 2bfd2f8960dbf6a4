package dev.parley.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.config.ProviderType;
import dev.parley.core.usage.TokenUsage;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CostTest {

    private static final Instant NOW = Instant.parse("2026-08-01T12:00:00Z");

    private static ModelPrice price(ProviderType type, String model) {
        return PriceTable.bundled().find(type, model, NOW).orElseThrow();
    }

    @Test
    void billsEachBucketAtItsOwnPrice() {
        // gpt-4o: 2.50 input, 1.25 cached input, 10.00 output per million tokens.
        var usage = new TokenUsage(1_000, 500, 2_000, 0, 200, TokenUsage.Source.REPORTED);
        var cost = Cost.of(price(ProviderType.OPENAI, "gpt-4o"), usage, Markup.NONE);
        assertThat(cost.base()).isEqualTo("0.0100000000");
        assertThat(cost.markup()).isEqualTo("0E-10");
        assertThat(cost.total()).isEqualTo("0.0100000000");
    }

    @Test
    void cacheWritesAreBilledAtTheirLifetimesPrice() {
        var sonnet = price(ProviderType.ANTHROPIC, "claude-3-5-sonnet");
        var fiveMinutes = Cost.of(sonnet, new BilledTokens(0, 0, 1_000_000, 0, 0), Markup.NONE);
        var oneHour = Cost.of(sonnet, new BilledTokens(0, 0, 0, 1_000_000, 0), Markup.NONE);
        assertThat(fiveMinutes.total()).isEqualByComparingTo("3.75");
        assertThat(oneHour.total()).isEqualByComparingTo("6");
    }

    @Test
    void aUsagesOneHourCacheWritesAreBilledAtTheHoursPrice() {
        var sonnet = price(ProviderType.ANTHROPIC, "claude-3-5-sonnet");
        // 1,000 cache writes of which 400 live an hour (the rest the default five minutes, reported or not).
        var usage = new TokenUsage(0, 0, 0, 1_000, 0, TokenUsage.Source.REPORTED)
                .withCacheWrites(new TokenUsage.CacheWrites(500, 400));

        assertThat(BilledTokens.of(usage)).isEqualTo(new BilledTokens(0, 0, 600, 400, 0));
        // 600 × 3.75 + 400 × 6 per million
        assertThat(Cost.of(sonnet, usage, Markup.NONE).total()).isEqualTo("0.0046500000");
    }

    @Test
    void aOneHourSplitLargerThanTheCacheWritesBillsNoTokenTwice() {
        var usage = new TokenUsage(0, 0, 0, 100, 0, TokenUsage.Source.REPORTED)
                .withCacheWrites(new TokenUsage.CacheWrites(0, 150));

        assertThat(BilledTokens.of(usage)).isEqualTo(new BilledTokens(0, 0, 0, 100, 0));
    }

    @Test
    void aLongPromptPaysTheHigherTierForEveryToken() {
        var sonnet = price(ProviderType.ANTHROPIC, "claude-sonnet-4-5");
        var at = new BilledTokens(100_000, 100_000, 0, 0, 1_000);
        var above = new BilledTokens(100_001, 100_000, 0, 0, 1_000);
        // 100k × 3 + 100k × 0.3 + 1k × 15 = 345,000 per million; above 200k: 100,001 × 6 + 100k × 0.6 + 1k × 22.5
        assertThat(Cost.of(sonnet, at, Markup.NONE).total()).isEqualByComparingTo("0.345");
        assertThat(Cost.of(sonnet, above, Markup.NONE).total()).isEqualByComparingTo("0.682506");
    }

    @Test
    void markupIsRecordedApartFromTheProvidersPrice() {
        var gpt4o = price(ProviderType.OPENAI, "gpt-4o");
        var tokens = new BilledTokens(1_000_000, 0, 0, 0, 0);
        var fee = Cost.of(gpt4o, tokens, Markup.percent("5"));
        assertThat(fee.base()).isEqualByComparingTo("2.5");
        assertThat(fee.markupPercent()).isEqualByComparingTo("5");
        assertThat(fee.markup()).isEqualByComparingTo("0.125");
        assertThat(fee.total()).isEqualByComparingTo("2.625");

        var discount = Cost.of(gpt4o, tokens, Markup.percent("-12.5"));
        assertThat(discount.markup()).isEqualByComparingTo("-0.3125");
        assertThat(discount.total()).isEqualByComparingTo("2.1875");

        assertThat(Cost.of(gpt4o, tokens, Markup.percent("-100")).total()).isZero();
        assertThatThrownBy(() -> Markup.percent("-100.01")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roundsHalfEvenOnlyAtTheEnd() {
        var price = ModelPrice.flat("t", new BigDecimal("0.00000000005"), BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO);
        // A million tokens cost 0.5e-10 dollars and three million 1.5e-10: halves go to the even neighbour.
        assertThat(Cost.of(price, new BilledTokens(1_000_000, 0, 0, 0, 0), Markup.NONE).total()).isEqualTo("0E-10");
        assertThat(Cost.of(price, new BilledTokens(3_000_000, 0, 0, 0, 0), Markup.NONE).total()).isEqualTo("2E-10");
        // Rounded once: three separate millions would each round to 0.
        assertThat(price.charge(new BilledTokens(3_000_000, 0, 0, 0, 0))).isEqualByComparingTo("1.5E-10");
    }

    @Test
    void theWorstCaseBillsEveryPromptTokenAtTheDearestPriceOfItsTier() {
        var sonnet = price(ProviderType.ANTHROPIC, "claude-sonnet-4-5");
        // Up to 200k tokens of prompt: the dearest is the one-hour cache write (6), output 15.
        assertThat(Cost.worstCase(sonnet, 200_000, 1_000).total()).isEqualByComparingTo("1.215");
        // Above 200k the tier prices: 12 and 22.5.
        assertThat(Cost.worstCase(sonnet, 300_000, 1_000).total()).isEqualByComparingTo("3.6225");
        assertThat(Cost.worstCase(sonnet, 0, 0).total()).isZero();
    }

    @Test
    void moneyIsNeverADouble() {
        var types = List.of(Cost.class, ModelPrice.class, Rate.class, Rate.Tier.class, Markup.class, BilledTokens.class,
                PriceTable.class);
        List<Class<?>> floating = List.of(double.class, Double.class, float.class, Float.class);
        for (var type : types) {
            Stream<Class<?>> returns = Arrays.stream(type.getDeclaredMethods()).map(Method::getReturnType);
            Stream<Class<?>> parameters = Arrays.stream(type.getDeclaredMethods())
                    .flatMap(method -> Stream.of(method.getParameterTypes()));
            Stream<Class<?>> components = type.isRecord()
                    ? Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType)
                    : Stream.empty();
            assertThat(Stream.concat(returns, Stream.concat(parameters, components)).toList())
                    .as(type.getSimpleName())
                    .doesNotContainAnyElementsOf(floating);
        }
    }
}
