package dev.parley.core.tenancy;

import java.time.Instant;
import java.util.Objects;

/** A project of one team; every virtual key belongs to a project. */
public record Project(String id, String teamId, String name, AccessRules rules, Instant createdAt) {
    public Project {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
