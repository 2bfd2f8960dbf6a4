package dev.parley.store;

import java.util.Optional;

/**
 * What a replica reads from the database and keeps in memory, each versioned in {@code config_versions} (migration
 * V11 on PostgreSQL), whose triggers bump a kind's version and notify {@code parley_changes} with its name.
 */
public enum ConfigKind {
    /** Teams, projects, members, memberships, virtual keys, limits, budgets and markups. */
    TENANCY("tenancy"),
    /** Providers, models and prices made through the admin API. */
    CATALOG("catalog"),
    /** Prepaid accounts and their orders (their credit). */
    ACCOUNTS("accounts");

    private final String label;

    ConfigKind(String label) {
        this.label = label;
    }

    /** The name in the database, the notification and metric labels. */
    public String label() {
        return label;
    }

    static Optional<ConfigKind> of(String label) {
        for (ConfigKind kind : values()) {
            if (kind.label.equals(label)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
