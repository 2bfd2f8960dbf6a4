package dev.parley.core.pricing;

import dev.parley.core.config.PricingSettings;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A service fee (positive) or discount (negative) on top of the provider's price, in percent of it. A discount
 * can make a request free, never paid back: at least -100.
 */
public record Markup(BigDecimal percent) {

    public static final Markup NONE = new Markup(BigDecimal.ZERO);

    public Markup {
        Objects.requireNonNull(percent, "percent");
        if (percent.compareTo(PricingSettings.MIN_MARKUP_PERCENT) < 0
                || percent.compareTo(PricingSettings.MAX_MARKUP_PERCENT) > 0) {
            throw new IllegalArgumentException("a markup must be from -100 to 1000 percent, got " + percent.toPlainString());
        }
    }

    public static Markup percent(String percent) {
        return new Markup(new BigDecimal(percent));
    }

    /** The configuration's top-level {@code markup_percent}. */
    public static Markup of(PricingSettings settings) {
        return new Markup(settings.markupPercent());
    }

    /** The exact amount with the markup applied. */
    public BigDecimal applyTo(BigDecimal amount) {
        return amount.add(amount.multiply(percent).movePointLeft(2));
    }
}
