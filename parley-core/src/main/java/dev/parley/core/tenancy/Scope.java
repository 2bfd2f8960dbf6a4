package dev.parley.core.tenancy;

import java.util.Objects;

/** One key, project, team or member, as the target of a limit or budget. */
public record Scope(ScopeKind kind, String id) {
    public Scope {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public String toString() {
        return kind.wire() + " " + id;
    }
}
