package dev.parley.core.catalog;

import dev.parley.core.tenancy.TenancyConflictException;
import java.util.Optional;

/**
 * The store's side of the catalog: providers and models made through the admin API. Creating a name that exists
 * throws {@link TenancyConflictException}; updates and deletes of a name that does not exist answer empty or false.
 * Whether a change makes a valid catalog (routes naming providers, fallbacks naming models) is the caller's to
 * decide, on the merged view of the file and the store.
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
}
