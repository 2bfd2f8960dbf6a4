package dev.parley.core.pricing;

import dev.parley.core.config.ParleyConfig;
import dev.parley.core.config.ProviderConfig;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Prices ledger rows: the configured providers, one {@link PriceTable} and the markup, fixed at start-up so that
 * every row priced by one Pricer names the same price version.
 */
public final class Pricer {

    private final PriceTable prices;
    private final Markup markup;
    private final Map<String, ProviderConfig> providers;

    public Pricer(PriceTable prices, Markup markup, Iterable<ProviderConfig> providers) {
        this.prices = Objects.requireNonNull(prices, "prices");
        this.markup = Objects.requireNonNull(markup, "markup");
        var byName = new HashMap<String, ProviderConfig>();
        providers.forEach(provider -> byName.putIfAbsent(provider.name(), provider));
        this.providers = Map.copyOf(byName);
    }

    /** The bundled prices with the configuration's own on top, its markup and its providers. */
    public static Pricer of(ParleyConfig config) {
        return new Pricer(PriceTable.of(config), Markup.of(config.pricing()), config.providers());
    }

    /** The same prices and markup for another set of providers: the catalog changed, the price version did not. */
    public Pricer withProviders(Iterable<ProviderConfig> others) {
        return new Pricer(prices, markup, others);
    }

    /** The version every row priced here records. */
    public String version() {
        return prices.version();
    }

    /** The configuration's markup: what a request is charged on top when no team, project or key has its own. */
    public Markup markup() {
        return markup;
    }

    /** {@code row} with its cost at the configuration's markup and this table's version. */
    public UsageRecord price(UsageRecord row) {
        return price(row, markup);
    }

    /** {@code row} with its cost at {@code charged} (its team's, project's or key's markup) and this table's version. */
    public UsageRecord price(UsageRecord row, Markup charged) {
        return row.withCost(cost(row, charged), version());
    }

    /**
     * The most one request to {@code upstreamModel} at provider {@code providerName}, started at {@code at}, can be
     * billed, with the markup, when its prompt has at most {@code promptTokens} tokens and its output at most
     * {@code outputTokens}: what a budget reserves before the request is sent. Empty when no price matches, like
     * the cost such a row would get.
     */
    public Optional<Cost> worstCase(String providerName, String upstreamModel, Instant at, long promptTokens,
                                    long outputTokens) {
        return worstCase(providerName, upstreamModel, at, promptTokens, outputTokens, markup);
    }

    /** {@link #worstCase(String, String, Instant, long, long)} at the markup {@code charged}. */
    public Optional<Cost> worstCase(String providerName, String upstreamModel, Instant at, long promptTokens,
                                    long outputTokens, Markup charged) {
        return Optional.ofNullable(providers.get(providerName))
                .flatMap(provider -> prices.find(provider, upstreamModel, at))
                .map(price -> Cost.worstCase(price, promptTokens, outputTokens, charged));
    }

    /**
     * What {@code row} costs at the prices of its start. A request no provider answered with usage costs nothing
     * here, not even a price's fee per request: it was not served.
     */
    public Optional<Cost> cost(UsageRecord row) {
        return cost(row, markup);
    }

    /** {@link #cost(UsageRecord)} at the markup {@code charged}. */
    public Optional<Cost> cost(UsageRecord row, Markup charged) {
        if (row.usage().source() instanceof TokenUsage.Source.None) {
            return Optional.empty();
        }
        return row.provider().flatMap(name -> Optional.ofNullable(providers.get(name)))
                .flatMap(provider -> row.upstreamModel().flatMap(model -> prices.find(provider, model, row.startedAt())))
                .map(price -> Cost.of(price, row.usage(), charged));
    }
}
