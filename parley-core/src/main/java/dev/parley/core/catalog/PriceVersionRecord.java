package dev.parley.core.catalog;

import java.time.Instant;
import java.util.Objects;

/**
 * A price version rows were billed at, as the store keeps it.
 *
 * @param version what a usage row's {@code price_version} names
 * @param prices the operator's prices it had (configuration and admin API), as a JSON array in the configuration's
 *               {@code prices:} shape; the rest of the version is the bundled price data
 * @param firstUsedAt when a Parley first priced with it
 */
public record PriceVersionRecord(String version, String prices, Instant firstUsedAt) {
    public PriceVersionRecord {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(prices, "prices");
        Objects.requireNonNull(firstUsedAt, "firstUsedAt");
    }
}
