package dev.parley.server;

import dev.parley.core.health.CircuitState;
import dev.parley.core.pricing.Cost;
import dev.parley.core.routing.Channel;
import dev.parley.core.routing.ChannelBoard;
import dev.parley.core.routing.Route;
import dev.parley.core.routing.Router;
import dev.parley.core.usage.AttemptLog;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Parley's metrics, scraped as Prometheus text at {@code /metrics}. The rules, after Vector's and Envoy's:
 * <ul>
 *   <li>base units only: seconds, tokens, dollars, requests;</li>
 *   <li>labels of low, bounded cardinality: the configured model (a name the client sent that no model has is
 *       {@code other}), provider, upstream model (the channel), protocol, status class, and short stable error and
 *       outcome classes. Never a key, a key's name, a team, a member or a request id: those belong in the ledger
 *       and the access log, which are made for them;</li>
 *   <li>each request is counted once, when its exchange ends, from the same usage row the ledger gets, so the
 *       metrics and the ledger agree; the dollar counter is for dashboards (a double), the ledger is the bill.</li>
 * </ul>
 * Meters are cached per label set, so recording a request costs a few map lookups and no allocation of meter ids.
 */
final class GatewayMetrics {

    private static final String OTHER = "other";
    private static final Duration[] LATENCY_BUCKETS = buckets(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
            0.5, 1, 2.5, 5, 10, 30, 60, 120, 300);
    private static final Duration[] OVERHEAD_BUCKETS = buckets(0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
            0.01, 0.025, 0.1, 1);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Supplier<Router> router;
    private final ChannelBoard board;
    private final Map<RequestLabels, RequestMeters> requests = new ConcurrentHashMap<>();
    private final Map<AttemptLabels, AttemptMeters> attempts = new ConcurrentHashMap<>();
    private final Map<ChannelBoard.Target, Boolean> channels = new ConcurrentHashMap<>();

    private record RequestLabels(String protocol, String model, String provider, String status, String error) {
    }

    private record AttemptLabels(String provider, String upstreamModel, String outcome) {
    }

    /** The meters of one label set of requests. */
    private record RequestMeters(Counter requests, Timer duration, Timer firstToken, Timer overhead, Counter fallbacks,
                                 Counter retries, Map<String, Counter> tokens, Counter dollars) {
    }

    private record AttemptMeters(Counter attempts, Timer duration) {
    }

    GatewayMetrics(Supplier<Router> router, ChannelBoard board, Supplier<Integer> inFlight) {
        this.router = router;
        this.board = board;
        // Held strongly: a gauge keeps only a weak reference to its object, and nothing else holds this supplier,
        // so the first garbage collection would turn the gauge into NaN.
        Gauge.builder("parley.requests.in.flight", inFlight, i -> i.get()).baseUnit("requests").strongReference(true)
                .description("Requests being served now").register(registry);
    }

    /** The registry, for the parts outside the server (the ledger's writer) to bind their own meters to. */
    MeterRegistry registry() {
        return registry;
    }

    /** Follows the queue of requests waiting for a key: its depth and what became of the requests that waited. */
    void follow(WaitingRoom room) {
        Gauge.builder("parley.queue.depth", room, WaitingRoom::depth).baseUnit("requests")
                .description("Requests waiting for a usable key").register(registry);
        FunctionCounter.builder("parley.queue.wait", room, r -> r.waitedMillis() / 1000.0).baseUnit("seconds")
                .description("Time requests spent waiting in the queue").register(registry);
        for (String outcome : List.of("released", "timed_out", "cancelled", "refused_full", "refused_too_late")) {
            FunctionCounter.builder("parley.queue.requests", room, r -> r.count(outcome)).tag("outcome", outcome)
                    .baseUnit("requests").description("Requests that left the queue, by how").register(registry);
        }
    }

    /** Counts one finished request from its usage row. */
    void finished(UsageRecord row) {
        Router routes = router.get();
        String model = routes.configured(row.model()) ? row.model() : OTHER;
        RequestLabels labels = new RequestLabels(row.protocol().wireName(), model, row.provider().orElse("none"),
                statusClass(row.status()), row.errorType().orElse("none"));
        RequestMeters meters = requests.computeIfAbsent(labels, this::requestMeters);
        meters.requests().increment();
        meters.duration().record(row.latency());
        row.timeToFirstToken().ifPresent(meters.firstToken()::record);
        if (!row.attemptLog().isEmpty()) {
            meters.overhead().record(row.attemptLog().getFirst().startedAfter());
            meters.retries().increment(row.attemptLog().size() - 1);
            meters.fallbacks().increment(fallbacks(routes, row.model(), row.attemptLog()));
        }
        TokenUsage usage = row.usage();
        count(meters.tokens(), "input", usage.inputTokens());
        count(meters.tokens(), "output", usage.outputTokens());
        count(meters.tokens(), "cache_read", usage.cacheReadTokens());
        count(meters.tokens(), "cache_write", usage.cacheWriteTokens());
        count(meters.tokens(), "reasoning", usage.reasoningTokens());
        row.cost().map(Cost::total).ifPresent(total -> meters.dollars().increment(total.doubleValue()));
        for (AttemptLog attempt : row.attemptLog()) {
            AttemptMeters a = attempts.computeIfAbsent(new AttemptLabels(attempt.provider(), attempt.upstreamModel(),
                    attempt.outcome().name()), this::attemptMeters);
            a.attempts().increment();
            a.duration().record(attempt.duration());
        }
    }

    /** The Prometheus text exposition of every meter, with each channel of the current catalog followed. */
    String scrape() {
        followChannels();
        return registry.scrape();
    }

    private RequestMeters requestMeters(RequestLabels l) {
        List<String> tags = List.of("protocol", l.protocol(), "model", l.model(), "provider", l.provider(),
                "status_class", l.status(), "error", l.error());
        String[] all = tags.toArray(String[]::new);
        String[] byModel = {"model", l.model(), "provider", l.provider()};
        Map<String, Counter> tokens = new ConcurrentHashMap<>();
        for (String type : List.of("input", "output", "cache_read", "cache_write", "reasoning")) {
            tokens.put(type, Counter.builder("parley.tokens").tags(byModel).tag("type", type).baseUnit("tokens")
                    .description("Tokens used, by bucket (cache reads and writes are not part of input)")
                    .register(registry));
        }
        return new RequestMeters(
                Counter.builder("parley.requests").tags(all).baseUnit("requests")
                        .description("Requests that ended, by outcome").register(registry),
                Timer.builder("parley.request.duration").tags("protocol", l.protocol(), "model", l.model(),
                                "status_class", l.status())
                        .serviceLevelObjectives(LATENCY_BUCKETS).description("From arrival to the last byte")
                        .register(registry),
                Timer.builder("parley.time.to.first.token").tags(byModel).serviceLevelObjectives(LATENCY_BUCKETS)
                        .description("From arrival to the first byte of the provider's answer").register(registry),
                Timer.builder("parley.gateway.overhead").tags("protocol", l.protocol())
                        .serviceLevelObjectives(OVERHEAD_BUCKETS)
                        .description("From arrival to the first upstream call: authentication, reading, admission,"
                                + " routing, and any wait in the queue").register(registry),
                Counter.builder("parley.fallbacks").tags(byModel).baseUnit("attempts")
                        .description("Attempts sent to a model the request did not name (its fallbacks)")
                        .register(registry),
                Counter.builder("parley.retries").tags(byModel).baseUnit("attempts")
                        .description("Upstream attempts after a request's first").register(registry),
                tokens,
                Counter.builder("parley.cost").tags(byModel).baseUnit("dollars")
                        .description("What requests cost, with markups (approximate: the ledger is exact)")
                        .register(registry));
    }

    private AttemptMeters attemptMeters(AttemptLabels l) {
        String[] tags = {"provider", l.provider(), "upstream_model", l.upstreamModel(), "outcome", l.outcome()};
        return new AttemptMeters(
                Counter.builder("parley.upstream.attempts").tags(tags).baseUnit("attempts")
                        .description("Upstream calls, by how they ended").register(registry),
                Timer.builder("parley.upstream.duration").tags(tags).serviceLevelObjectives(LATENCY_BUCKETS)
                        .description("From an upstream call's start to its end").register(registry));
    }

    /** Registers the gauges of channels added since the last scrape (the catalog can change at run time). */
    private void followChannels() {
        Router routes = router.get();
        for (String name : routes.modelNames()) {
            for (Channel channel : routes.resolve(name).map(Route::channels).orElse(List.of())) {
                ChannelBoard.Target target = new ChannelBoard.Target(channel.provider().name(), channel.upstreamModel());
                if (channels.putIfAbsent(target, Boolean.TRUE) == null) {
                    channelGauges(target);
                }
            }
        }
    }

    private void channelGauges(ChannelBoard.Target target) {
        String[] tags = {"provider", target.provider(), "upstream_model", target.upstreamModel()};
        gauge("parley.channel.circuit.open", tags, "1 while the channel's circuit is open or half open",
                "", t -> board.find(t).map(m -> circuitOpen(m.breaker().state())).orElse(0.0), target);
        gauge("parley.channel.in.flight", tags, "Attempts in flight on the channel", "attempts",
                t -> board.find(t).map(m -> (double) m.health().inFlight()).orElse(0.0), target);
        gauge("parley.channel.success.ratio", tags, "The channel's recent success rate, from 0 to 1", "",
                t -> board.find(t).map(m -> m.health().successRate()).orElse(1.0), target);
        gauge("parley.channel.latency", tags, "The channel's time-to-first-byte average (EWMA)", "seconds",
                t -> board.find(t).map(m -> m.health().latencyEwmaNanos() / 1e9).orElse(0.0), target);
    }

    private void gauge(String name, String[] tags, String description, String unit,
                       ToDoubleFunction<ChannelBoard.Target> value, ChannelBoard.Target target) {
        Gauge.Builder<ChannelBoard.Target> builder = Gauge.builder(name, target, value).tags(tags).description(description);
        (unit.isEmpty() ? builder : builder.baseUnit(unit)).register(registry);
    }

    private static double circuitOpen(CircuitState state) {
        return switch (state) {
            case CircuitState.Closed _ -> 0;
            case CircuitState.Open _ -> 1;
            case CircuitState.HalfOpen _ -> 1;
        };
    }

    /** Attempts that went to a channel outside the requested model's own route. Allocates nothing. */
    private static int fallbacks(Router routes, String model, List<AttemptLog> attemptLog) {
        Optional<Route> own = routes.resolve(model);
        if (own.isEmpty()) {
            return 0;
        }
        int outside = 0;
        for (AttemptLog attempt : attemptLog) {
            if (!routedTo(own.get(), attempt)) {
                outside++;
            }
        }
        return outside;
    }

    private static boolean routedTo(Route route, AttemptLog attempt) {
        for (Channel channel : route.channels()) {
            if (channel.provider().name().equals(attempt.provider())
                    && channel.upstreamModel().equals(attempt.upstreamModel())) {
                return true;
            }
        }
        return false;
    }

    private static void count(Map<String, Counter> tokens, String type, long value) {
        if (value > 0) {
            tokens.get(type).increment(value);
        }
    }

    private static String statusClass(int status) {
        return (status / 100) + "xx";
    }

    private static Duration[] buckets(double... seconds) {
        Duration[] out = new Duration[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            out[i] = Duration.ofNanos(Math.round(seconds[i] * 1e9));
        }
        return out;
    }
}
