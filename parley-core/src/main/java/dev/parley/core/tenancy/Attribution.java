package dev.parley.core.tenancy;

import java.util.Objects;
import java.util.Optional;

/**
 * Whom a request is charged to: its key, the key's member, project and team. Empty for keys from the configuration
 * file and the master key, which belong to no team.
 */
public record Attribution(Optional<String> keyId, Optional<String> memberId, Optional<String> projectId,
                          Optional<String> teamId) {

    public static final Attribution NONE = new Attribution(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public Attribution {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(teamId, "teamId");
    }

    public static Attribution of(KeyRecord key) {
        return new Attribution(Optional.of(key.id()), key.memberId(), Optional.of(key.projectId()),
                Optional.of(key.teamId()));
    }

    /** The id this attribution has for a scope kind. */
    public Optional<String> id(ScopeKind kind) {
        return switch (kind) {
            case KEY -> keyId;
            case MEMBER -> memberId;
            case PROJECT -> projectId;
            case TEAM -> teamId;
        };
    }
}
