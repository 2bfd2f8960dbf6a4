package dev.parley.server;

import dev.parley.core.auth.KeyRing;
import dev.parley.core.config.ParleyConfig;
import dev.parley.core.routing.Router;
import dev.parley.core.usage.UsageSink;
import java.util.Objects;

/** What the server needs from the rest of Parley, handed over by the app at start-up. */
public record ServerServices(ParleyConfig config, KeyRing keys, Router router, UsageSink usage) {
    public ServerServices {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(usage, "usage");
    }
}
