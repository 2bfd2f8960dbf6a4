package dev.parley.core.tenancy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of a listing, and the cursor of the next page when there is one. */
public record Page<T>(List<T> items, Optional<String> next) {
    public Page {
        items = List.copyOf(items);
        Objects.requireNonNull(next, "next");
    }
}
