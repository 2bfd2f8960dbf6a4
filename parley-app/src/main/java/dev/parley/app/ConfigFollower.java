package dev.parley.app;

import dev.parley.server.GatewayServer;
import dev.parley.store.ChangeFeed;
import dev.parley.store.ConfigKind;
import dev.parley.store.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a replica on PostgreSQL in step with the others: each change of teams and keys, of the catalog or of prepaid
 * accounts that any replica commits is reloaded here, on the {@link ChangeFeed}'s thread, within its notification's
 * delivery or, when that is lost, within {@link #CHECK} (the version check). One log line per reload says what
 * changed (a kind and its version, nothing more); {@code parley_config_reloads_total{kind,outcome}} counts them and
 * {@code parley_config_version{kind}} shows the version last taken. A reload that fails (the database away) keeps
 * what is in memory, so requests go on with the configuration they had, and is tried again at the next check.
 * Nothing runs on SQLite.
 */
final class ConfigFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigFollower.class);
    /** How often the versions are compared when no notification comes. */
    static final Duration CHECK = Duration.ofSeconds(2);

    private final Optional<ChangeFeed> feed;

    private ConfigFollower(Optional<ChangeFeed> feed) {
        this.feed = feed;
    }

    /**
     * Starts following from {@code loaded}, the versions read before the server loaded what they version.
     */
    static ConfigFollower start(Database database, Map<ConfigKind, Long> loaded, GatewayServer server,
                                MeterRegistry registry) {
        Map<ConfigKind, Counter> reloaded = new EnumMap<>(ConfigKind.class);
        Map<ConfigKind, Counter> failed = new EnumMap<>(ConfigKind.class);
        for (ConfigKind kind : ConfigKind.values()) {
            reloaded.put(kind, counter(registry, kind, "reloaded"));
            failed.put(kind, counter(registry, kind, "failed"));
        }
        Optional<ChangeFeed> feed = ChangeFeed.start(database, loaded, CHECK, (kind, version) -> {
            try {
                reload(server, kind);
            } catch (RuntimeException e) {
                failed.get(kind).increment();
                throw e;
            }
            reloaded.get(kind).increment();
            LOG.info("Configuration reloaded: {} changed (version {})", kind.label(), version);
        });
        feed.ifPresent(f -> {
            for (ConfigKind kind : ConfigKind.values()) {
                Gauge.builder("parley.config.version", f, x -> x.version(kind)).tag("kind", kind.label())
                        .description("The version of each kind of configuration this replica has loaded")
                        .register(registry);
            }
            Gauge.builder("parley.config.feed.connected", f, x -> x.connected() ? 1 : 0)
                    .description("1 while the connection that follows configuration changes is open")
                    .register(registry);
        });
        return new ConfigFollower(feed);
    }

    private static void reload(GatewayServer server, ConfigKind kind) {
        switch (kind) {
            // The directory holds teams, keys, limits, budgets and markups with the accounts and their credit.
            case TENANCY, ACCOUNTS -> server.reloadTenancy();
            case CATALOG -> server.reloadCatalog();
        }
    }

    private static Counter counter(MeterRegistry registry, ConfigKind kind, String outcome) {
        return Counter.builder("parley.config.reloads").tag("kind", kind.label()).tag("outcome", outcome)
                .description("Reloads of configuration another replica (or this one) changed in the database")
                .register(registry);
    }

    @Override
    public void close() {
        feed.ifPresent(ChangeFeed::close);
    }
}
