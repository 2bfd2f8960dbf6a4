package dev.parley.server;

import dev.parley.core.auth.KeyRing;
import dev.parley.core.batch.BatchStore;
import dev.parley.core.catalog.CatalogPorts;
import dev.parley.core.config.ParleyConfig;
import dev.parley.core.deadletter.DeadLetterStore;
import dev.parley.core.health.ChannelHistory;
import dev.parley.core.idempotency.IdempotencyStore;
import dev.parley.core.routing.Router;
import dev.parley.core.tenancy.TenancyPorts;
import dev.parley.core.usage.BodyLog;
import dev.parley.core.usage.UsageSink;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the server needs from the rest of Parley, handed over by the app at start-up.
 *
 * @param config the configuration file's; the request path routes with {@code catalog}'s merged view of it
 * @param tenancy teams, keys, limits, budgets and the audit log; empty for a server with configured keys only
 * @param catalog providers and models made through the admin API; empty for a server with the file's only
 * @param bodies where the bodies of requests whose key's rules keep them go; {@link BodyLog#NONE} without a database
 * @param idempotency the idempotency keys; empty for a server without a store, which ignores the header
 * @param deadLetters the dead-letter queue; empty for a server without a store
 * @param channelHistory the channels' recent attempts as the ledger keeps them; empty for a server without a store,
 *                       whose channel status then has no windows
 * @param batches batch jobs' files, batches and items; empty for a server without a store, which has no batch API
 * @param secrets secret texts the configuration does not hold (the server secret as it was given), which the
 *                server's redaction blanks out wherever they would be written
 */
public record ServerServices(ParleyConfig config, KeyRing keys, Router router, UsageSink usage,
                             Optional<TenancyPorts> tenancy, Optional<CatalogPorts> catalog,
                             Optional<OpenTelemetry> telemetry, BodyLog bodies, Optional<IdempotencyStore> idempotency,
                             Optional<DeadLetterStore> deadLetters, Optional<ChannelHistory> channelHistory,
                             Optional<BatchStore> batches, List<String> secrets) {
    public ServerServices {
        Objects.requireNonNull(channelHistory, "channelHistory");
        Objects.requireNonNull(batches, "batches");
        secrets = List.copyOf(secrets);
        Objects.requireNonNull(bodies, "bodies");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(idempotency, "idempotency");
        Objects.requireNonNull(telemetry, "telemetry");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(tenancy, "tenancy");
    }

    public ServerServices(ParleyConfig config, KeyRing keys, Router router, UsageSink usage) {
        this(config, keys, router, usage, Optional.empty(), Optional.empty(), Optional.empty(), BodyLog.NONE,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    public ServerServices(ParleyConfig config, KeyRing keys, Router router, UsageSink usage,
                          Optional<TenancyPorts> tenancy) {
        this(config, keys, router, usage, tenancy, Optional.empty(), Optional.empty(), BodyLog.NONE, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }
}
