package dev.parley.core.tenancy;

import java.util.Objects;
import java.util.Optional;

/** Which keys a listing shows: every empty field matches all; revoked and expired keys only when asked. */
public record KeyFilter(Optional<String> teamId, Optional<String> projectId, Optional<String> memberId,
                        boolean includeInactive) {

    public static final KeyFilter ALL_ACTIVE = new KeyFilter(Optional.empty(), Optional.empty(), Optional.empty(),
            false);

    public KeyFilter {
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(memberId, "memberId");
    }
}
