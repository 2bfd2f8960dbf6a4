package dev.parley.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class CostPropertiesTest {

    private static final long MAX_TOKENS = 5_000_000;

    /** Prices as the database writes them: up to four decimals per million, so a token's price has at most ten. */
    @Provide
    Arbitrary<BigDecimal> perMillion() {
        return Arbitraries.longs().between(0, 200_0000).map(tenThousandths -> BigDecimal.valueOf(tenThousandths, 4));
    }

    @Provide
    Arbitrary<ModelPrice> flatPrice() {
        var p = perMillion();
        return Combinators.combine(p, p, p, p, p).as((input, output, read, write, hour) ->
                ModelPrice.flat("test", input, output, read, write, hour));
    }

    @Provide
    Arbitrary<Rate> tieredRate() {
        var tiers = Combinators.combine(Arbitraries.longs().between(0, MAX_TOKENS), perMillion())
                .as(Rate.Tier::new).list().ofMaxSize(3)
                .map(list -> {
                    var ascending = new ArrayList<Rate.Tier>();
                    list.stream().sorted((a, b) -> Long.compare(a.above(), b.above()))
                            .filter(tier -> ascending.isEmpty() || tier.above() > ascending.getLast().above())
                            .forEach(ascending::add);
                    return List.copyOf(ascending);
                });
        return Combinators.combine(perMillion(), tiers).as(Rate::new);
    }

    @Provide
    Arbitrary<ModelPrice> tieredPrice() {
        var rate = tieredRate();
        return Combinators.combine(rate, rate, rate, rate, rate, perMillion()).as((input, output, read, write, hour, fee) ->
                new ModelPrice("test", input, output, read, write, hour, fee));
    }

    @Provide
    Arbitrary<BilledTokens> tokens() {
        var count = Arbitraries.longs().between(0, MAX_TOKENS);
        return Combinators.combine(count, count, count, count, count).as(BilledTokens::new);
    }

    @Provide
    Arbitrary<Markup> markup() {
        return Arbitraries.longs().between(-10_000, 100_000).map(hundredths -> new Markup(BigDecimal.valueOf(hundredths, 2)));
    }

    @Property
    void costIsAdditiveOverTokenBuckets(@ForAll("flatPrice") ModelPrice price, @ForAll("tokens") BilledTokens tokens) {
        var byBucket = price.tokenCharge(new BilledTokens(tokens.input(), 0, 0, 0, 0))
                .add(price.tokenCharge(new BilledTokens(0, tokens.cacheRead(), 0, 0, 0)))
                .add(price.tokenCharge(new BilledTokens(0, 0, tokens.cacheWrite(), 0, 0)))
                .add(price.tokenCharge(new BilledTokens(0, 0, 0, tokens.cacheWrite1h(), 0)))
                .add(price.tokenCharge(new BilledTokens(0, 0, 0, 0, tokens.output())));
        assertThat(price.tokenCharge(tokens)).isEqualByComparingTo(byBucket);
    }

    @Property
    void costIsExact(@ForAll("flatPrice") ModelPrice price, @ForAll("tokens") BilledTokens a,
                     @ForAll("tokens") BilledTokens b) {
        var separately = Cost.of(price, a, Markup.NONE).total().add(Cost.of(price, b, Markup.NONE).total());
        assertThat(Cost.of(price, a.plus(b), Markup.NONE).total()).isEqualTo(separately);
    }

    @Property
    void costIsNeverNegativeAndAlwaysReconciles(@ForAll("tieredPrice") ModelPrice price,
                                                @ForAll("tokens") BilledTokens tokens,
                                                @ForAll("markup") Markup markup) {
        var cost = Cost.of(price, tokens, markup);
        assertThat(cost.base().signum()).isNotNegative();
        assertThat(cost.total().signum()).isNotNegative();
        assertThat(cost.base().add(cost.markup())).isEqualTo(cost.total());
        assertThat(cost.total().scale()).isEqualTo(Cost.SCALE);
    }

    @Property
    void aMarkupOfZeroIsTheIdentity(@ForAll("tieredPrice") ModelPrice price, @ForAll("tokens") BilledTokens tokens) {
        var cost = Cost.of(price, tokens, Markup.percent("0"));
        assertThat(cost.total()).isEqualTo(cost.base());
        assertThat(cost.markup().signum()).isZero();
    }

    @Property
    void theWorstCaseBoundsEveryUsageWithinItsLimits(@ForAll("tieredPrice") ModelPrice price,
                                                     @ForAll("tokens") BilledTokens used,
                                                     @ForAll @LongRange(max = 2_000_000) long extraPrompt,
                                                     @ForAll @IntRange(max = 100_000) int extraOutput,
                                                     @ForAll("markup") Markup markup) {
        var worst = Cost.worstCase(price, used.promptTokens() + extraPrompt, used.output() + extraOutput, markup);
        assertThat(worst.total()).isGreaterThanOrEqualTo(Cost.of(price, used, markup).total());
    }
}
