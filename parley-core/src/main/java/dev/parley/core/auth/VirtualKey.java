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

    /**
     * Whose work a request or a batch is, as stored things name it: {@code key:<id>} for a store key,
     * {@code name:<configured name>} for a configured key (and the master key, {@code name:master}).
     */
    public String scope() {
        return attribution.keyId().map(id -> "key:" + id).orElse("name:" + name);
    }

    /** A key from the configuration file: it belongs to no team. */
    public VirtualKey(String name, ModelAccess models) {
        this(name, models, Attribution.NONE);
    }
}
