package dev.parley.core.catalog;

import java.util.List;

/** Every stored provider and model, read at one moment, each list in name order. */
public record StoredCatalog(List<StoredProvider> providers, List<StoredModel> models) {

    public static final StoredCatalog EMPTY = new StoredCatalog(List.of(), List.of());

    public StoredCatalog {
        providers = List.copyOf(providers);
        models = List.copyOf(models);
    }
}
