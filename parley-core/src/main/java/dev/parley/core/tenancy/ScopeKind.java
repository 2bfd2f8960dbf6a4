package dev.parley.core.tenancy;

import java.util.Locale;
import java.util.Optional;

/** What a limit or budget applies to. */
public enum ScopeKind {
    KEY, PROJECT, TEAM, MEMBER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ScopeKind> parse(String text) {
        for (ScopeKind kind : values()) {
            if (kind.wire().equals(text)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
