package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * How requests are priced beyond the bundled price database.
 *
 * @param prices the operator's own prices, which win over the database's for their provider and model
 * @param markupPercent added on top of every request's price (negative for a discount), from -100 to 1000
 */
public record PricingSettings(List<PriceOverride> prices, BigDecimal markupPercent) {

    public static final BigDecimal MIN_MARKUP_PERCENT = BigDecimal.valueOf(-100);
    public static final BigDecimal MAX_MARKUP_PERCENT = BigDecimal.valueOf(1000);
    public static final PricingSettings DEFAULTS = new PricingSettings(List.of(), BigDecimal.ZERO);

    public PricingSettings {
        prices = List.copyOf(prices);
        Objects.requireNonNull(markupPercent, "markupPercent");
        check(markupPercent.compareTo(MIN_MARKUP_PERCENT) >= 0 && markupPercent.compareTo(MAX_MARKUP_PERCENT) <= 0,
                "markupPercent must be from -100 to 1000");
    }
}
