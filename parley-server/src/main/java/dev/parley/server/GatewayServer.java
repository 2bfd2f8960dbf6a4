package dev.parley.server;

import dev.parley.core.config.AdminListener;
import dev.parley.core.config.InputLimits;
import dev.parley.core.config.ServerSettings;
import dev.parley.core.config.ServerTls;
import dev.parley.core.pricing.Cost;
import dev.parley.core.pricing.Pricer;
import io.micrometer.core.instrument.MeterRegistry;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.routing.ChannelBoard;
import dev.parley.core.routing.KeyRotation;
import dev.parley.core.usage.UsageRecord;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parley's HTTP front: one HTTP server per event loop on a shared port, the upstream clients, and the
 * lifecycle of in-flight requests so that a shutdown lets them finish and records every one of them.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
    /** The longest request line (method, path and query): a Gemini URL with its key is far shorter. */
    private static final int MAX_REQUEST_LINE = 16 * 1024;
    /** How long the batch runner has, after the drain, to write the outcomes of the items whose requests ended. */
    private static final Duration BATCH_WRITES = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final ServerServices services;
    private final UpstreamClients clients;
    /** Shared by every event loop: a key cooled down or refused on one is out of turn on all. */
    private final KeyRotation keys = new KeyRotation();
    private final ChannelBoard board;
    private final HealthChecks healthChecks;
    /** One price table for the server's life: every row it prices names the same price version. */
    private final Pricer pricer;
    /** The providers and models requests are routed with: the file's and the store's, swapped whole on a change. */
    private final Catalog catalog;
    /** The teams, keys, limits and budgets every event loop reads; read at start-up, reloaded after admin changes. */
    private final Directory directory;
    /** Admin changes and authentication failures, appended off the event loops. */
    private final AuditTrail audit;
    private final Alerts alerts = new Alerts();
    /** The limits and budgets of store keys, shared by every event loop like the upstream keys. */
    private final Admission admission;
    /** The Redis the replicas share limits, budgets and key health through, when one is configured. */
    private final Optional<RedisLink> redis;
    /** Key cool-downs, retired keys and circuit opens told to and heard from the other replicas. */
    private final Optional<SharedHealth> sharedHealth;
    /** What {@code /metrics} shows; every finished request is counted from its usage row. */
    private final GatewayMetrics metrics;
    /** The spans of each model request, made when it ends; off unless the app was given OTEL_ settings. */
    private final Tracing tracing;
    /** Blanks the secrets of the configuration and the catalog out of everything the server writes. */
    private final Redaction redaction;
    /** Every server of every listener, for the drain. */
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    /** The certificates of the HTTPS listeners, watched for renewal. */
    private final List<ListenerTls> certificates = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean ready = true;
    private volatile int port;
    private volatile Optional<Integer> adminPort = Optional.empty();
    /** Runs batch items through this server's own port; started once it listens, stopped before it drains. */
    private volatile Optional<BatchRunner> batchRunner = Optional.empty();

    private GatewayServer(ServerServices services, UpstreamTrust trust, UpstreamResolver resolver) {
        // Before Vert.x starts, so that prices that cannot be read fail start-up with nothing to close.
        this.pricer = Pricer.of(services.config());
        this.catalog = new Catalog(services.config(), services.router(), pricer, services.catalog());
        // Also before Vert.x: a provider key the server secret cannot open fails start-up, naming the provider.
        catalog.load();
        this.redaction = new Redaction(services.secrets(), catalog.view().config());
        int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true));
        this.services = services;
        this.clients = new UpstreamClients(vertx, trust, resolver);
        this.board = ChannelBoard.of(catalog.view().config(), System.nanoTime());
        this.healthChecks = new HealthChecks(vertx, clients, board, keys);
        this.directory = new Directory(services.tenancy());
        this.audit = new AuditTrail(services.tenancy().map(t -> t.audit()), redaction);
        this.redis = services.config().redis().map(settings -> new RedisLink(vertx, settings));
        this.admission = new Admission(directory, () -> catalog.view().pricer(), alerts, redis);
        this.metrics = new GatewayMetrics(catalog::router, board, inFlight::get);
        redis.ifPresent(link -> link.bind(metrics.registry()));
        this.sharedHealth = redis.map(link -> new SharedHealth(link, keys, board, () -> catalog.view().config()));
        this.tracing = new Tracing(services.telemetry(), name -> catalog.view().config().provider(name), redaction);
    }

    /** Starts listening; returns once every event loop accepts connections. */
    public static GatewayServer start(ServerServices services) {
        return start(services, UpstreamResolver.SYSTEM);
    }

    /** Starts listening, resolving the providers' host names with {@code resolver}. */
    public static GatewayServer start(ServerServices services, UpstreamResolver resolver) {
        // Before anything starts: a provider's CA bundle that cannot be read fails start-up, naming its key.
        GatewayServer server = new GatewayServer(services, UpstreamTrust.load(services.config().providers()),
                resolver);
        server.redaction.register();
        try {
            server.listen();
        } catch (RuntimeException e) {
            server.redaction.unregister();
            server.vertx.close();
            throw e;
        }
        return server;
    }

    public int port() {
        return port;
    }

    /** {@code http://} or {@code https://}, the configured host and the port the model endpoints are on. */
    public String baseUrl() {
        ServerSettings settings = services.config().server();
        return (settings.tls().isPresent() ? "https://" : "http://") + settings.host() + ":" + port;
    }

    /** Where the admin API and the metrics are, when they have a listener of their own. */
    public Optional<String> adminBaseUrl() {
        return services.config().server().admin().flatMap(admin -> adminPort.map(p ->
                (admin.tls().isPresent() ? "https://" : "http://") + admin.host() + ":" + p));
    }

    /** The registry {@code /metrics} shows, for the app to add the meters of what it wires (the ledger). */
    public MeterRegistry meterRegistry() {
        return metrics.registry();
    }

    public int inFlight() {
        return inFlight.get();
    }

    private void listen() {
        ServerSettings settings = services.config().server();
        directory.reload(Instant.now());
        // The first requests are decided in Redis when it answers at start-up; otherwise they go by the policy.
        redis.ifPresent(link -> link.awaitFirstProbe(Duration.ofSeconds(3)));
        Dispatcher dispatcher = new Dispatcher(vertx, services, clients, keys, board, directory, admission, alerts,
                audit, catalog, metrics, new Dispatcher.Lifecycle() {
                @Override
                public boolean ready() {
                    return ready;
                }

                @Override
                public Exchange open(Protocol protocol, HttpServerRequest request) {
                    inFlight.incrementAndGet();
                    return new Exchange(protocol, request,
                            services.config().usage().bodies().maxBytes(), redaction, GatewayServer.this::finished);
                }

                @Override
                public String ownBaseUrl() {
                    String host = settings.host();
                    // A server listening on every address is reached on the loopback one.
                    boolean any = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
                    return "http://" + (any ? "127.0.0.1" : host.contains(":") && !host.startsWith("[")
                            ? "[" + host + "]" : host) + ":" + port;
                }
            });
        // One server per event loop in one deployment: Vert.x shares the listening socket among them.
        int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
        Optional<AdminListener> admin = settings.admin();
        port = deploy(dispatcher.publicSide(admin.isPresent()), dispatcher::invalid, settings.host(), settings.port(),
                settings.tls(), "server.tls", loops);
        if (admin.isPresent()) {
            AdminListener a = admin.get();
            adminPort = Optional.of(deploy(dispatcher.adminSide(), dispatcher::invalid, a.host(), a.port(), a.tls(),
                    "server.admin.tls", 1));
            LOG.info("Admin API and metrics on {} only", adminBaseUrl().orElseThrow());
        }
        certificates.forEach(ListenerTls::watch);
        batchRunner = dispatcher.batchRunner();
        batchRunner.ifPresent(BatchRunner::start);
        healthChecks.follow(catalog.view().config().providers(), services.config().timeouts());
        catalog.onSwap(view -> {
            redaction.follow(view.config());
            healthChecks.follow(view.config().providers(), services.config().timeouts());
        });
        LOG.info("Parley listening on {} ({} event loops)", baseUrl(), loops);
    }

    /** One listener: {@code instances} servers sharing a port, over HTTPS when it has a certificate. */
    private int deploy(Handler<HttpServerRequest> handler, Handler<HttpServerRequest> invalid, String host,
                       int configuredPort, Optional<ServerTls> tls, String tlsKey, int instances) {
        // Vert.x shares a listening socket among servers that ask for the same port, but port 0 would give each
        // event loop a port of its own: resolve a free port first.
        int port = configuredPort == 0 ? freePort(host) : configuredPort;
        InputLimits limits = services.config().server().limits();
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setCompressionSupported(false)
                .setHandle100ContinueAutomatically(true)
                // Responses are written only on their connection's event loop (ARCHITECTURE.md, invariants), so
                // writes go straight to the connection instead of through a queue made for other threads.
                .setStrictThreadMode(true)
                .setMaxHeaderSize(limits.maxHeaderBytes())
                .setMaxInitialLineLength(Math.min(limits.maxHeaderBytes(), MAX_REQUEST_LINE));
        ConnectionGuard.boundFirstRequest(options, limits);
        List<HttpServer> listener = new CopyOnWriteArrayList<>();
        tls.ifPresent(t -> certificates.add(ListenerTls.configure(vertx, t, tlsKey, options, listener)));
        Future<String> deployed = vertx.deployVerticle(() -> new GatewayVerticle(options, handler, invalid,
                limits, listener), new DeploymentOptions().setInstances(instances));
        await(deployed, Duration.ofSeconds(30));
        servers.addAll(listener);
        int actual = listener.getFirst().actualPort();
        if (listener.stream().anyMatch(s -> s.actualPort() != actual)) {
            throw new IllegalStateException("event loops listen on different ports");
        }
        return actual;
    }

    private static int freePort(String host) {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot find a free port on " + host + ": " + e.getMessage(), e);
        }
    }

    /** Records the exchange's row; the stage says when it is acknowledged, and so when the response may end. */
    private CompletionStage<Void> finished(Exchange exchange) {
        var row = exchange.usageRecord();
        // A key's configured tpm counts what its answers used (settled from the meter, cut streams and estimates
        // included). Before pricing, so that the client's next request finds the key at its limit.
        long used = exchange.usage().totalTokens();
        Instant now = Instant.now();
        exchange.answeredWith().ifPresent(key -> keys.spent(key, used, now));
        Pricer pricer = catalog.view().pricer();
        // A store key's row is priced at the markup of its key, project or team, chosen when it was admitted.
        Optional<UsageRecord> priced = row.map(r -> pricer.price(r, exchange.markup().orElseGet(pricer::markup)));
        // The limits and budgets admission took are given back with what the request really used and cost, once:
        // the exchange ends once, whether it completed, failed, was cut or its client hung up.
        exchange.settlement().ifPresent(taken -> taken.settle(used, priced.flatMap(UsageRecord::cost).map(Cost::total)
                .orElse(BigDecimal.ZERO), now));
        CompletionStage<Void> acknowledged = priced.map(services.usage()::recordAcknowledged)
                .orElse(CompletableFuture.completedStage(null));
        // After the row was handed on: bodies are only ever kept beside a ledger row.
        exchange.keptBodies().filter(b -> row.isPresent()).ifPresent(services.bodies()::keep);
        reportAfterResponse(() -> {
            priced.ifPresent(metrics::finished);
            priced.ifPresent(r -> tracing.finished(exchange, r));
            AccessLog.write(exchange, priced.or(() -> row));
            // In flight until reported and acknowledged: a drain must not stop the event loops before the response
            // can end or its line is written.
            acknowledged.whenComplete((ok, e) -> left());
        });
        return acknowledged;
    }

    /**
     * Metrics, the span and the access line are written once the response has been handed to the socket: the
     * caller ends the response after this returns, and a task run on the event loop comes after that. A client's
     * next request on the same connection then does not wait for them. Off the event loops, at once.
     */
    private static void reportAfterResponse(Runnable report) {
        Context context = Vertx.currentContext();
        if (context != null && Context.isOnEventLoopThread()) {
            context.runOnContext(v -> report.run());
        } else {
            report.run();
        }
    }

    /**
     * Reads the teams, keys, limits and budgets from the store again, so that a change takes effect from the next
     * request. Blocks: call it off the event loops.
     */
    public void reloadTenancy() {
        directory.reload(Instant.now());
    }

    /**
     * Reads the providers, models and prices made through the admin API from the store again (a change another
     * replica made); the next request routes and prices with them. Blocks: call it off the event loops. Throws, and
     * keeps the catalog in use, when the store cannot be read or its catalog does not fit this server's file.
     */
    public void reloadCatalog() {
        catalog.reload();
    }

    private void left() {
        if (inFlight.decrementAndGet() == 0) {
            synchronized (inFlight) {
                inFlight.notifyAll();
            }
        }
    }

    /**
     * Stops taking requests and waits up to {@code grace} for those in flight to finish. Readiness turns false
     * first, so a load balancer stops sending traffic while the listeners close.
     */
    public void drain(Duration grace) {
        ready = false;
        certificates.forEach(ListenerTls::stop);
        long deadline = System.nanoTime() + grace.toNanos();
        List<Future<Void>> shutdowns = servers.stream().map(s -> s.shutdown(grace)).toList();
        try {
            Future.join(shutdowns).toCompletionStage().toCompletableFuture()
                    .get(grace.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("HTTP listeners did not close within {}", grace);
        }
        synchronized (inFlight) {
            long left;
            while (inFlight.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    inFlight.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (inFlight.get() > 0) {
            LOG.warn("{} requests were still in flight after {}", inFlight.get(), grace);
        }
    }

    @Override
    public void close() {
        // No batch item is claimed once the drain starts; those in flight are requests the drain waits for, and once
        // they have answered the runner writes their outcomes and gives back what it still holds.
        batchRunner.ifPresent(BatchRunner::stopClaiming);
        drain(services.config().server().shutdownGrace());
        batchRunner.ifPresent(runner -> runner.close(BATCH_WRITES));
        healthChecks.stop();
        sharedHealth.ifPresent(SharedHealth::close);
        redis.ifPresent(RedisLink::close);
        audit.close();
        await(clients.close(), Duration.ofSeconds(5));
        await(vertx.close(), Duration.ofSeconds(10));
        redaction.unregister();
    }

    private static <T> T await(Future<T> future, Duration timeout) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("Parley's HTTP server failed: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
