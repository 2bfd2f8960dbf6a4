package dev.parley.core.auth;

import dev.parley.core.tenancy.Attribution;
import java.util.Objects;

/**
 * A virtual key as Parley knows it after authentication: its name, what it may do and whom its requests are
 * charged to. Never the key itself.
 */
public record VirtualKey(String name, ModelAccess models, Attribution attribution) {
    public VirtualKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(attribution, "attribution");
    }

    /** A key from the configuration file: it belongs to no team. */
    public VirtualKey(String name, ModelAccess models) {
        this(name, models, Attribution.NONE);
    }
}
