package dev.parley.core.pricing;

import dev.parley.core.config.PriceOverride;
import java.math.BigDecimal;

/** An operator's price entry as a {@link ModelPrice}. */
final class Overrides {

    static final String SOURCE_PREFIX = "config:";

    private Overrides() {}

    static ModelPrice price(PriceOverride entry) {
        var cacheWrite = entry.cacheWrite().orElse(entry.input());
        return ModelPrice.flat(SOURCE_PREFIX + entry.provider() + "/" + entry.model(), entry.input(), entry.output(),
                entry.cacheRead().orElse(entry.input()), cacheWrite, entry.cacheWrite1h().orElse(cacheWrite));
    }

    /** One line per entry with every amount in its plainest form, so equal prices always give equal text. */
    static String canonical(PriceOverride entry) {
        return String.join("\t", entry.provider(), entry.model(), plain(entry.input()), plain(entry.output()),
                entry.cacheRead().map(Overrides::plain).orElse("-"),
                entry.cacheWrite().map(Overrides::plain).orElse("-"),
                entry.cacheWrite1h().map(Overrides::plain).orElse("-"));
    }

    private static String plain(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString();
    }
}
