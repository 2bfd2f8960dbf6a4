package dev.parley.core.tenancy;

import java.util.Objects;
import java.util.Optional;

/**
 * One page of a listing, by keyset: the items after {@code after} (an id), in id order, at most {@code limit}.
 */
public record PageRequest(int limit, Optional<String> after) {

    public static final int MAX_LIMIT = 500;
    public static final PageRequest FIRST = new PageRequest(100, Optional.empty());

    public PageRequest {
        Objects.requireNonNull(after, "after");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }
}
