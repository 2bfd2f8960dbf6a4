package dev.parley.core.auth;

import java.util.Objects;

/** A virtual key as Parley knows it after authentication: its name and what it may do. Never the key itself. */
public record VirtualKey(String name, ModelAccess models) {
    public VirtualKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(models, "models");
    }
}
