package dev.parley.core.tenancy;

import java.time.Instant;
import java.util.Objects;

/**
 * A person of the organization.
 *
 * @param email unique
 * @param role the organization role; team roles are {@link Membership}s
 */
public record Member(String id, String email, String name, Role role, Instant createdAt) {
    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
