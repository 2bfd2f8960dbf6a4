package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * An operator's price for one upstream model on one configured provider, in dollars per million tokens; it wins
 * over the bundled price database. Cache prices left out are the input price (a provider that does not discount
 * cached tokens bills them as input).
 *
 * @param provider the name of a configured provider
 * @param model the upstream model name, as sent to the provider
 * @param cacheWrite1h cache writes that live an hour; left out, the {@code cacheWrite} price
 */
public record PriceOverride(
        String provider,
        String model,
        BigDecimal input,
        BigDecimal output,
        Optional<BigDecimal> cacheRead,
        Optional<BigDecimal> cacheWrite,
        Optional<BigDecimal> cacheWrite1h) {

    public PriceOverride {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(cacheRead, "cacheRead");
        Objects.requireNonNull(cacheWrite, "cacheWrite");
        Objects.requireNonNull(cacheWrite1h, "cacheWrite1h");
        check(input.signum() >= 0 && output.signum() >= 0, "prices cannot be negative");
        check(cacheRead.orElse(BigDecimal.ZERO).signum() >= 0 && cacheWrite.orElse(BigDecimal.ZERO).signum() >= 0
                && cacheWrite1h.orElse(BigDecimal.ZERO).signum() >= 0, "prices cannot be negative");
    }

    /** Input and output only; the cache prices are the input price. */
    public PriceOverride(String provider, String model, BigDecimal input, BigDecimal output) {
        this(provider, model, input, output, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
