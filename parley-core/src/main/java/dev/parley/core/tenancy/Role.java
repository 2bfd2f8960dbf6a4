package dev.parley.core.tenancy;

import java.util.Locale;
import java.util.Optional;

/**
 * What a member may do. As a member's organization role: an {@code OWNER} or {@code ADMIN} administers everything,
 * a {@code VIEWER} reads everything, a {@code MEMBER} sees only their own keys and usage. As a role in one team
 * ({@link Membership}): {@code ADMIN} administers that team, {@code VIEWER} reads it, {@code MEMBER} uses it.
 * {@code OWNER} is an organization role only.
 */
public enum Role {
    OWNER, ADMIN, MEMBER, VIEWER;

    /** The wire name: lower case. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String text) {
        for (Role role : values()) {
            if (role.wire().equals(text)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
