package dev.parley.server;

import dev.parley.core.config.RedisSettings;
import dev.parley.core.tenancy.SharedCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one connection pool to the Redis the replicas share, and whether it is up. A call that fails to reach Redis
 * (refused, reset, no answer within {@code redis.timeout}) marks it down: one warning, the gauge
 * {@code parley_redis_up} at 0, and from then on calls fail at once without waiting, while a probe (PING) retries
 * with backoff (100 ms doubling to 5 s); when it answers, one line says Redis is back and the listeners hear it.
 * An error Redis itself answers (a script's) is the call's failure only. Scripts are sent by their SHA-1
 * (EVALSHA), and as text once when Redis does not know them yet (after a restart, say).
 */
final class RedisLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(5);
    private static final Duration FIRST_PATIENCE = Duration.ofSeconds(2);

    /** The Lua scripts, from this package's resources. */
    enum Script {
        RESERVE("reserve.lua"),
        SETTLE("settle.lua"),
        SEED("seed.lua");

        private final String text;
        private final String sha;

        Script(String file) {
            this.text = resource(file);
            this.sha = sha1(text);
        }
    }

    private final Vertx vertx;
    private final RedisSettings settings;
    private final Redis client;
    private final AtomicBoolean up = new AtomicBoolean();
    private final AtomicBoolean probing = new AtomicBoolean();
    private final List<Runnable> onUp = new CopyOnWriteArrayList<>();
    private final Promise<Void> firstProbe = Promise.promise();
    private volatile boolean closed;
    private volatile Counter fallbacks;

    RedisLink(Vertx vertx, RedisSettings settings) {
        this.vertx = vertx;
        this.settings = settings;
        int timeout = (int) Math.max(1, settings.timeout().toMillis());
        this.client = Redis.createClient(vertx, new RedisOptions().setConnectionString(settings.url())
                .setMaxPoolSize(16).setMaxPoolWaiting(1024)
                .setNetClientOptions(new NetClientOptions().setConnectTimeout(timeout).setTcpNoDelay(true)));
        probe(FIRST_RETRY);
    }

    RedisSettings settings() {
        return settings;
    }

    boolean up() {
        return up.get();
    }

    /** Waits, at most {@code limit}, for the first answer or failure of Redis, so that start-up knows where it is. */
    void awaitFirstProbe(Duration limit) {
        try {
            firstProbe.future().toCompletionStage().toCompletableFuture().get(limit.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Still unanswered: the replica starts on its local books, and the probe goes on.
        }
    }

    /** Runs {@code listener} each time Redis comes back after being down (and when it is first reached). */
    void whenUp(Runnable listener) {
        onUp.add(listener);
    }

    /** Adds {@code parley_redis_up} and {@code parley_redis_fallbacks_total} to {@code registry}. */
    void bind(MeterRegistry registry) {
        Gauge.builder("parley_redis_up", up, u -> u.get() ? 1 : 0)
                .description("1 while the shared Redis answers, 0 while this replica runs on its local books")
                .register(registry);
        fallbacks = Counter.builder("parley_redis_fallbacks_total")
                .description("Requests admitted or refused without Redis, by the unavailability policy")
                .register(registry);
    }

    /** Counts one request decided by the unavailability policy. */
    void fellBack() {
        Counter counter = fallbacks;
        if (counter != null) {
            counter.increment();
        }
    }

    /** Runs {@code script} with {@code call}'s keys and arguments; its reply as strings. Fails at once while down. */
    Future<List<String>> eval(Script script, SharedCounters.Call call) {
        return send(evalRequest(Command.EVALSHA, script.sha, call)).recover(failure -> {
            if (failure instanceof Response && String.valueOf(failure.getMessage()).startsWith("NOSCRIPT")) {
                return send(evalRequest(Command.EVAL, script.text, call));
            }
            return Future.failedFuture(failure);
        }).map(RedisLink::strings);
    }

    /** Sends {@code request}, within the timeout; a failure to reach Redis marks it down. */
    Future<Response> send(Request request) {
        if (!up.get()) {
            return Future.failedFuture(new IllegalStateException("Redis is unavailable"));
        }
        return timed(client.send(request)).onFailure(failure -> {
            if (!(failure instanceof Response)) {
                down(failure);
            }
        });
    }

    /** A plain connection of its own, for a subscription; closed by its owner. */
    Future<io.vertx.redis.client.RedisConnection> connect() {
        return timed(client.connect());
    }

    /** Marks Redis down after {@code cause}, once, and starts probing it. */
    void down(Throwable cause) {
        if (closed || !up.compareAndSet(true, false)) {
            return;
        }
        LOG.warn("Redis at {} is unavailable ({}); until it answers again, {}", settings.redacted(), reason(cause),
                policy());
        probe(FIRST_RETRY);
    }

    private void probe(Duration delay) {
        if (closed || !probing.compareAndSet(false, true)) {
            return;
        }
        schedule(delay);
    }

    private void schedule(Duration delay) {
        // The first connection of a replica starting on a busy machine may take longer than a request may wait.
        Duration patience = firstProbe.future().isComplete() ? settings.timeout() : FIRST_PATIENCE;
        vertx.setTimer(Math.max(1, delay.toMillis()), id -> timed(client.send(Request.cmd(Command.PING)), patience)
                .onComplete(ping -> {
                    if (closed) {
                        probing.set(false);
                        return;
                    }
                    if (ping.failed()) {
                        if (!firstProbe.future().isComplete()) {
                            LOG.warn("Redis at {} does not answer ({}); until it does, {}", settings.redacted(),
                                    reason(ping.cause()), policy());
                            firstProbe.tryComplete();
                        }
                        Duration next = delay.multipliedBy(2);
                        schedule(next.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : next);
                        return;
                    }
                    probing.set(false);
                    boolean first = !firstProbe.future().isComplete();
                    up.set(true);
                    if (first) {
                        LOG.info("Limits, budgets and key health are shared through Redis at {}", settings.redacted());
                    } else {
                        LOG.warn("Redis at {} answers again; limits and budgets are shared again, budgets re-read from"
                                + " the ledger where Redis lost them", settings.redacted());
                    }
                    firstProbe.tryComplete();
                    onUp.forEach(Runnable::run);
                }));
    }

    private String policy() {
        return switch (settings.onUnavailable()) {
            case OPEN -> "this replica holds limits and budgets on its own books (on_unavailable: open)";
            case CLOSED -> "requests of keys with limits or budgets are refused with 503 (on_unavailable: closed)";
        };
    }

    private <T> Future<T> timed(Future<T> call) {
        return timed(call, settings.timeout());
    }

    private <T> Future<T> timed(Future<T> call, Duration timeout) {
        Promise<T> result = Promise.promise();
        long timer = vertx.setTimer(timeout.toMillis(), id -> result.tryFail(
                new TimeoutException("no answer within " + timeout.toMillis() + "ms")));
        call.onComplete(done -> {
            vertx.cancelTimer(timer);
            if (done.succeeded()) {
                result.tryComplete(done.result());
            } else {
                result.tryFail(done.cause());
            }
        });
        return result.future();
    }

    private static Request evalRequest(Command command, String script, SharedCounters.Call call) {
        Request request = Request.cmd(command).arg(script).arg(call.keys().size());
        call.keys().forEach(request::arg);
        call.args().forEach(request::arg);
        return request;
    }

    private static List<String> strings(Response response) {
        if (response == null) {
            return List.of();
        }
        if (response.type() != ResponseType.MULTI) {
            return List.of(response.toString());
        }
        List<String> values = new ArrayList<>(response.size());
        response.forEach(item -> values.add(item == null ? "" : item.toString()));
        return values;
    }

    private static String reason(Throwable cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static String resource(String file) {
        try (InputStream in = RedisLink.class.getResourceAsStream("redis/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        up.set(false);
        client.close();
    }
}
