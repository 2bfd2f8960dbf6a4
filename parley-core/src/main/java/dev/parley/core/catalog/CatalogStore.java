package dev.parley.core.catalog;

import dev.parley.core.config.PriceOverride;
import dev.parley.core.tenancy.TenancyConflictException;
import java.util.List;
import java.util.Optional;

/**
 * The store's side of the catalog: providers, models and prices made through the admin API, and the price versions
 * rows were billed at. Creating a name that exists throws {@link TenancyConflictException}; updates and deletes of a
 * name that does not exist answer empty or false. Deleting a provider deletes its stored prices. Whether a change
 * makes a valid catalog (routes naming providers, fallbacks naming models, prices naming providers) is the caller's
 * to decide, on the merged view of the file and the store.
 */
public interface CatalogStore {

    StoredCatalog catalog();

    Optional<StoredProvider> provider(String name);

    StoredProvider createProvider(StoredProvider provider);

    /** Replaces every field but the name and creation time. */
    Optional<StoredProvider> updateProvider(StoredProvider provider);

    boolean deleteProvider(String name);

    Optional<StoredModel> model(String name);

    StoredModel createModel(StoredModel model);

    /** Replaces every field but the name and creation time. */
    Optional<StoredModel> updateModel(StoredModel model);

    boolean deleteModel(String name);

    /** Adds the price of {@code price.model()} at {@code price.provider()}, or replaces it. */
    PriceOverride putPrice(PriceOverride price);

    boolean deletePrice(String provider, String model);

    /** Keeps {@code version} unless it is kept already: the first record of a version stays. */
    void recordPriceVersion(PriceVersionRecord version);

    Optional<PriceVersionRecord> priceVersion(String version);

    /** Every version kept, the most recently first used first. */
    List<PriceVersionRecord> priceVersions();
}
