package dev.parley.core.tenancy;

import java.time.Instant;
import java.util.Objects;

/** A team of the organization (the organization is the Parley installation itself). */
public record Team(String id, String name, AccessRules rules, Instant createdAt) {
    public Team {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
