package dev.parley.app;

import dev.parley.core.auth.KeyHasher;
import dev.parley.core.auth.KeyRing;
import dev.parley.core.auth.ModelAccess;
import dev.parley.core.auth.VirtualKey;
import dev.parley.core.catalog.CatalogPorts;
import dev.parley.core.config.ConfigException;
import dev.parley.core.config.KeyConfig;
import dev.parley.core.config.ParleyConfig;
import dev.parley.core.routing.Router;
import dev.parley.core.secrets.SecretBox;
import dev.parley.core.secrets.SecretOpenException;
import dev.parley.core.tenancy.TenancyPorts;
import dev.parley.server.GatewayServer;
import dev.parley.server.ServerServices;
import dev.parley.store.AuditRepository;
import dev.parley.store.BatchRepository;
import dev.parley.store.BodyRepository;
import dev.parley.store.BodyWriter;
import dev.parley.store.BalanceRepository;
import dev.parley.store.CatalogRepository;
import dev.parley.store.ChannelRollups;
import dev.parley.store.ChangeFeed;
import dev.parley.store.ConfigKind;
import dev.parley.store.Database;
import dev.parley.store.DeadLetterRepository;
import dev.parley.store.IdempotencyRepository;
import dev.parley.store.TenancyRepository;
import dev.parley.store.UsageReports;
import dev.parley.store.UsageRetention;
import dev.parley.store.UsageRepository;
import dev.parley.store.UsageWriter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Parley: the wiring of config, store, key ring, router and server, and their orderly shutdown
 * (stop taking requests, let those in flight finish, write every usage row, close the database).
 */
public final class Parley implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Parley.class);
    /** The usage journal's folder in the data folder. */
    static final String USAGE_JOURNAL = "usage-journal";
    /** Kept request bodies waiting for the database; more are dropped (and counted) rather than held in memory. */
    static final int BODY_QUEUE = 1_000;

    private final ParleyConfig config;
    private final Database database;
    private final UsageWriter usage;
    private final BodyWriter bodies;
    private final Optional<OpenTelemetrySdk> telemetry;
    private final GatewayServer server;
    private final RetentionJob retention;
    private final ConfigFollower follower;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Parley(ParleyConfig config, Database database, UsageWriter usage, BodyWriter bodies, GatewayServer server,
                   Optional<OpenTelemetrySdk> telemetry, RetentionJob retention, ConfigFollower follower) {
        this.bodies = bodies;
        this.follower = follower;
        this.telemetry = telemetry;
        this.config = config;
        this.database = database;
        this.usage = usage;
        this.server = server;
        this.retention = retention;
    }

    /** Loads the config file (if any) and starts; fails fast, naming what is wrong. */
    public static Parley start(Optional<Path> configFile, Optional<Integer> portOverride, Map<String, String> env) {
        ParleyConfig config = ConfigFiles.load(configFile, env);
        config.warnings().forEach(w -> LOG.warn("config: {}", w));
        if (portOverride.isPresent()) {
            config = withPort(config, portOverride.get());
        }
        return start(config, env);
    }

    public static Parley start(ParleyConfig config, Map<String, String> env) {
        Path dataDir = Path.of(config.server().dataDir());
        byte[] secret = ServerSecret.load(dataDir, env);
        KeyRing keys = keyRing(config, secret);
        // First, so that OTEL_ variables that do not work stop start-up before anything is opened.
        Optional<OpenTelemetrySdk> telemetry = Telemetry.from(env);
        Database database;
        try {
            database = Database.open(config.storage().url());
        } catch (RuntimeException e) {
            telemetry.ifPresent(Telemetry::close);
            throw e;
        }
        // Replays a journal left by a crash before the server takes its first request.
        UsageWriter usage = new UsageWriter(new UsageRepository(database), dataDir.resolve(USAGE_JOURNAL),
                config.usage().durability(), config.usage().batchSize(), config.usage().flushInterval(),
                config.usage().queueCapacity());
        BodyWriter bodies = new BodyWriter(new BodyRepository(database), config.usage().bodies().retention(),
                BODY_QUEUE, Clock.systemUTC());
        try {
            TenancyPorts tenancy = new TenancyPorts(new TenancyRepository(database), new AuditRepository(database),
                    new BalanceRepository(database), new UsageReports(database));
            CatalogPorts catalog = new CatalogPorts(new CatalogRepository(database),
                    new SecretBox(secret, new SecureRandom()));
            // Before the server loads teams and the catalog, so that a change made meanwhile is reloaded after.
            Map<ConfigKind, Long> loaded = ChangeFeed.versions(database);
            GatewayServer server = startServer(new ServerServices(config, keys, new Router(config), usage,
                    Optional.of(tenancy), Optional.of(catalog), telemetry.map(t -> t), bodies,
                    Optional.of(new IdempotencyRepository(database)), Optional.of(new DeadLetterRepository(database)),
                    Optional.of(new ChannelRollups(database)),
                    Optional.of(new BatchRepository(database)),
                    ServerSecret.texts(secret, env)));
            LedgerMetrics.bind(server.meterRegistry(), usage);
            LedgerMetrics.bind(server.meterRegistry(), bodies);
            if (config.providers().isEmpty()) {
                LOG.warn("No providers are configured: pass --config FILE (see README.md) to serve models.");
            }
            if (keys.size() == 0 && config.masterKey().isEmpty()) {
                LOG.warn("No virtual keys and no PARLEY_MASTER_KEY: every model request will be refused.");
            }
            RetentionJob retention = RetentionJob.start(new UsageRetention(database), config.usage().retention(),
                    Clock.systemUTC());
            ConfigFollower follower = ConfigFollower.start(database, loaded, server, server.meterRegistry());
            return new Parley(config, database, usage, bodies, server, telemetry, retention, follower);
        } catch (RuntimeException e) {
            telemetry.ifPresent(Telemetry::close);
            bodies.close();
            usage.close();
            database.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /** The admin API's and the metrics' own listener, when the configuration gives them one. */
    public Optional<String> adminBaseUrl() {
        return server.adminBaseUrl();
    }

    /** Requests accepted and not yet finished. */
    public int inFlight() {
        return server.inFlight();
    }

    public ParleyConfig config() {
        return config;
    }

    /** Flushes queued usage rows now (tests and the admin API use it to read their own writes). */
    public void flushUsage() {
        usage.flush();
        bodies.flush();
    }

    /**
     * Reads teams, keys, limits and budgets from the store again, so that a change made to the store directly
     * takes effect from the next request. Blocks.
     */
    public void reloadTenancy() {
        server.reloadTenancy();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Shutting down: draining requests in flight");
        retention.close();
        follower.close();
        server.close();
        telemetry.ifPresent(Telemetry::close);
        // Rows the database cannot take within the grace stay in the journal, replayed at the next start.
        usage.close(config.server().shutdownGrace());
        bodies.close();
        LOG.info("Usage ledger flushed: {} rows written this run ({} spilled to the journal, {} replayed from it),"
                + " {} left in the journal", usage.writtenRows(), usage.spilledRows(), usage.replayedRows(),
                usage.pendingRows());
        database.close();
    }

    /** Starts the server; a stored catalog that cannot be used stops start-up with the reason, not a stack trace. */
    private static GatewayServer startServer(ServerServices services) {
        try {
            return GatewayServer.start(services);
        } catch (SecretOpenException e) {
            throw new StartupException(e.getMessage() + ". Start Parley with the " + ServerSecret.ENV
                    + " (or data folder key file) the key was stored under.");
        } catch (ConfigException e) {
            if (e.keyPath().startsWith("server.") || e.keyPath().endsWith(".tls.ca_file")) {
                // A certificate, key or CA bundle the file names: only the file's providers can name one.
                throw new StartupException(e.getMessage());
            }
            throw new StartupException("the providers and models stored through the admin API no longer fit the"
                    + " configuration file: " + e.getMessage());
        }
    }

    private static KeyRing keyRing(ParleyConfig config, byte[] secret) {
        KeyRing.Builder ring = KeyRing.builder(new KeyHasher(secret));
        for (KeyConfig key : config.keys()) {
            ring.add(key.key().value(), new VirtualKey(key.name(), new ModelAccess(key.models())));
        }
        return ring.build();
    }

    private static ParleyConfig withPort(ParleyConfig config, int port) {
        return config.withServer(config.server().withPort(port));
    }
}
