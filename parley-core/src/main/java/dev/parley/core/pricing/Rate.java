package dev.parley.core.pricing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A price in dollars per million tokens of one kind, possibly tiered by the size of the prompt.
 *
 * <p>Tiers are cliffs, as providers bill them: once the prompt is larger than a tier's threshold, every token of
 * this kind in the request pays that tier's price, not only the tokens beyond it.
 *
 * @param base the price until the first tier
 * @param tiers ascending thresholds, each with the price that applies above it
 */
public record Rate(BigDecimal base, List<Tier> tiers) {

    /** Nothing to pay. */
    public static final Rate FREE = flat(BigDecimal.ZERO);

    /**
     * @param above a prompt of more than this many tokens pays {@code perMillion}
     * @param perMillion dollars per million tokens
     */
    public record Tier(long above, BigDecimal perMillion) {
        public Tier {
            Objects.requireNonNull(perMillion, "perMillion");
            if (above < 0 || perMillion.signum() < 0) {
                throw new IllegalArgumentException("a tier's threshold and price cannot be negative");
            }
        }
    }

    public Rate {
        Objects.requireNonNull(base, "base");
        tiers = List.copyOf(tiers);
        if (base.signum() < 0) {
            throw new IllegalArgumentException("a price cannot be negative, got " + base.toPlainString());
        }
        for (var i = 1; i < tiers.size(); i++) {
            if (tiers.get(i).above() <= tiers.get(i - 1).above()) {
                throw new IllegalArgumentException("tier thresholds must ascend");
            }
        }
    }

    public static Rate flat(BigDecimal perMillion) {
        return new Rate(perMillion, List.of());
    }

    /** The price per million tokens for a request whose prompt has {@code promptTokens} tokens. */
    public BigDecimal at(long promptTokens) {
        var price = base;
        for (var tier : tiers) {
            if (promptTokens > tier.above()) {
                price = tier.perMillion();
            }
        }
        return price;
    }

    /** The highest price any prompt of at most {@code promptTokens} tokens can pay: the bound a reservation needs. */
    public BigDecimal highestUpTo(long promptTokens) {
        var price = base;
        for (var tier : tiers) {
            if (promptTokens > tier.above()) {
                price = price.max(tier.perMillion());
            }
        }
        return price;
    }

    /** Every price of this rate, tiers included, multiplied by {@code factor}. */
    public Rate times(BigDecimal factor) {
        return new Rate(base.multiply(factor),
                tiers.stream().map(tier -> new Tier(tier.above(), tier.perMillion().multiply(factor))).toList());
    }

    /** The highest price any of {@code rates} can ask of a prompt of at most {@code promptTokens} tokens. */
    static BigDecimal highestUpTo(List<Rate> rates, long promptTokens) {
        return rates.stream().map(rate -> rate.highestUpTo(promptTokens)).reduce(BigDecimal.ZERO, BigDecimal::max);
    }
}
