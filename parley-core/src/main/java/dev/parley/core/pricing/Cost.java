package dev.parley.core.pricing;

import dev.parley.core.usage.TokenUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * What a request costs in dollars, as a ledger row records it: the provider's price, the markup on top, and what
 * is billed. Computed exactly and rounded once, at the end, half-even to {@value #SCALE} decimal places; the
 * markup is the difference of the two rounded figures, so {@code base + markup == total} always holds.
 *
 * @param base the provider's price for the tokens
 * @param markupPercent the markup or discount applied, in percent
 * @param markup the amount it adds (negative for a discount)
 * @param total what the request is billed
 */
public record Cost(BigDecimal base, BigDecimal markupPercent, BigDecimal markup, BigDecimal total) {

    /** Ten decimal places of a dollar: a millionth of a cent, far below any price of one token. */
    public static final int SCALE = 10;
    public static final Cost ZERO = of(BigDecimal.ZERO, Markup.NONE);

    public Cost {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(markupPercent, "markupPercent");
        Objects.requireNonNull(markup, "markup");
        Objects.requireNonNull(total, "total");
    }

    /** The cost of an exact charge with a markup. */
    public static Cost of(BigDecimal exactCharge, Markup markup) {
        var base = round(exactCharge);
        var total = round(markup.applyTo(exactCharge));
        return new Cost(base, markup.percent(), total.subtract(base), total);
    }

    /** The cost of one request that used {@code tokens}. */
    public static Cost of(ModelPrice price, BilledTokens tokens, Markup markup) {
        return of(price.charge(tokens), markup);
    }

    /** The cost of one request that used {@code usage}. */
    public static Cost of(ModelPrice price, TokenUsage usage, Markup markup) {
        return of(price, BilledTokens.of(usage), markup);
    }

    /**
     * The most a request can cost before it is sent, for a budget to reserve: a prompt of at most
     * {@code promptTokensEstimate} tokens (cached or not) and at most {@code maxOutputTokens} of output.
     */
    public static Cost worstCase(ModelPrice price, long promptTokensEstimate, long maxOutputTokens, Markup markup) {
        return of(price.mostCharged(promptTokensEstimate, maxOutputTokens), markup);
    }

    public static Cost worstCase(ModelPrice price, long promptTokensEstimate, long maxOutputTokens) {
        return worstCase(price, promptTokensEstimate, maxOutputTokens, Markup.NONE);
    }

    private static BigDecimal round(BigDecimal exact) {
        return exact.setScale(SCALE, RoundingMode.HALF_EVEN);
    }
}
