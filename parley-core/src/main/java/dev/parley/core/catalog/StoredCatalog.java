package dev.parley.core.catalog;

import dev.parley.core.config.PriceOverride;
import java.util.List;

/**
 * Every stored provider, model and price, read at one moment: providers and models in name order, prices by
 * provider, then model.
 */
public record StoredCatalog(List<StoredProvider> providers, List<StoredModel> models, List<PriceOverride> prices) {

    public static final StoredCatalog EMPTY = new StoredCatalog(List.of(), List.of(), List.of());

    public StoredCatalog {
        providers = List.copyOf(providers);
        models = List.copyOf(models);
        prices = List.copyOf(prices);
    }

    /** Providers and models without prices of their own. */
    public StoredCatalog(List<StoredProvider> providers, List<StoredModel> models) {
        this(providers, models, List.of());
    }

    public boolean isEmpty() {
        return providers.isEmpty() && models.isEmpty() && prices.isEmpty();
    }
}
