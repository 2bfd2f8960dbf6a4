package dev.parley.core.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A model as the store keeps it. {@code routes} is a JSON array of the configuration's route objects
 * ({@code {"provider", "model", "weight", "priority"}}); {@code retries} and {@code timeouts} are JSON objects
 * ({@code {}} when unset); {@code fallbacks} names other models.
 */
public record StoredModel(String name, String routes, List<String> fallbacks, String retries, String timeouts,
        Instant createdAt, Instant updatedAt) {

    public StoredModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(routes, "routes");
        fallbacks = List.copyOf(fallbacks);
        Objects.requireNonNull(retries, "retries");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
