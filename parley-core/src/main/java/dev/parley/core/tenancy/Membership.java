package dev.parley.core.tenancy;

import java.util.Objects;

/** A member's role in one team: {@code ADMIN}, {@code MEMBER} or {@code VIEWER} (never {@code OWNER}). */
public record Membership(String teamId, String memberId, Role role) {
    public Membership {
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(role, "role");
        if (role == Role.OWNER) {
            throw new IllegalArgumentException("owner is an organization role, not a team role");
        }
    }
}
