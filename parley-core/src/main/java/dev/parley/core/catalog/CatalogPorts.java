package dev.parley.core.catalog;

import dev.parley.core.secrets.SecretBox;
import java.util.Objects;

/** The store's side of the catalog and the box its provider keys are sealed in, handed to the server by the app. */
public record CatalogPorts(CatalogStore store, SecretBox box) {
    public CatalogPorts {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(box, "box");
    }
}
