package dev.parley.server;

import dev.parley.core.auth.KeyRing;
import dev.parley.core.config.ParleyConfig;
import dev.parley.core.routing.Router;
import dev.parley.core.tenancy.TenancyPorts;
import dev.parley.core.usage.UsageSink;
import java.util.Objects;
import java.util.Optional;

/**
 * What the server needs from the rest of Parley, handed over by the app at start-up.
 *
 * @param tenancy teams, keys, limits, budgets and the audit log; empty for a server with configured keys only
 */
public record ServerServices(ParleyConfig config, KeyRing keys, Router router, UsageSink usage,
                             Optional<TenancyPorts> tenancy) {
    public ServerServices {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(tenancy, "tenancy");
    }

    public ServerServices(ParleyConfig config, KeyRing keys, Router router, UsageSink usage) {
        this(config, keys, router, usage, Optional.empty());
    }
}
