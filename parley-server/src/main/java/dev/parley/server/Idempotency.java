package dev.parley.server;

import dev.parley.core.auth.VirtualKey;
import dev.parley.core.config.IdempotencySettings;
import dev.parley.core.idempotency.IdempotencyKey;
import dev.parley.core.idempotency.IdempotencyRecord;
import dev.parley.core.idempotency.IdempotencyStore;
import dev.parley.core.idempotency.StoredResult;
import dev.parley.core.idempotency.Verdict;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.routing.WaitControls;
import dev.parley.core.tenancy.EffectiveAccess;
import dev.parley.core.tenancy.TenancySnapshot;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests sent with an {@code Idempotency-Key}: the first of a key runs and its result is kept; a duplicate (same
 * key of the same virtual key, same body) within the window is answered with that result and calls no provider. A
 * duplicate that arrives while the first runs waits for it: behind a future in this process, by reading the key's
 * row again elsewhere (another replica), up to its wait. A key reused with another body is a 422; a result the
 * key's rules do not allow to be kept is a 409 for its duplicates. A request that fails before answering releases
 * its key, so that a retry runs again.
 */
final class Idempotency {

    /** Larger results are not kept (their duplicates get the 409 of a result not kept). */
    static final long MAX_KEPT_BYTES = 16L * 1024 * 1024;
    static final String REPLAY_HEADER = "x-parley-idempotent-replay";
    /** How often a duplicate reads the row of a key another replica runs. */
    private static final long POLL_MILLIS = 100;
    private static final Duration PURGE_EVERY = Duration.ofHours(1);
    /** The response headers a replay repeats: what the body is and who answered it. */
    private static final List<String> KEPT_HEADERS = List.of("content-type", "cache-control", "x-parley-provider",
            "x-parley-upstream-model");
    private static final Logger LOG = LoggerFactory.getLogger(Idempotency.class);

    private final Vertx vertx;
    private final Optional<IdempotencyStore> store;
    private final IdempotencySettings settings;
    private final Directory directory;
    /** The keys a request of this process is claiming or running, each completed when that request settles. */
    private final Map<IdempotencyKey, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

    Idempotency(Vertx vertx, Optional<IdempotencyStore> store, IdempotencySettings settings, Directory directory) {
        this.vertx = vertx;
        this.store = store;
        this.settings = settings;
        this.directory = directory;
        store.ifPresent(s -> vertx.setPeriodic(PURGE_EVERY.toMillis(), id -> purge(s)));
    }

    /**
     * Runs {@code run} for a request without an idempotency key, or for the first of its key; answers a duplicate
     * itself.
     */
    void guard(Exchange exchange, VirtualKey key, byte[] body, Runnable run) {
        Optional<String> header = Optional.ofNullable(exchange.request.getHeader(IdempotencyKey.HEADER));
        if (header.isEmpty() || store.isEmpty()) {
            run.run();
            return;
        }
        Optional<IdempotencyKey> idempotencyKey = IdempotencyKey.of(key, header.get());
        if (idempotencyKey.isEmpty()) {
            exchange.fail(ApiError.of(ErrorKind.INVALID_REQUEST, "invalid_header", "The header "
                    + IdempotencyKey.HEADER + " must be 1 to " + IdempotencyKey.MAX_LENGTH + " visible ASCII characters."));
            return;
        }
        Duration wait = Optional.ofNullable(exchange.request.getHeader(WaitControls.MAX_WAIT_HEADER))
                .flatMap(WaitControls::maxWait).filter(d -> d.compareTo(settings.maxWait()) < 0)
                .orElse(settings.maxWait());
        Pending pending = new Pending(exchange, key, idempotencyKey.get(),
                IdempotencyKey.fingerprint(exchange.protocol, exchange.request.path(), body),
                Instant.now().plus(wait), Vertx.currentContext(), run);
        claim(pending);
    }

    /** A request with an idempotency key, until it runs or is answered. */
    private record Pending(Exchange exchange, VirtualKey key, IdempotencyKey idempotencyKey, String fingerprint,
                           Instant deadline, Context context, Runnable run) {
    }

    private void claim(Pending p) {
        if (p.exchange().ended()) {
            return;
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> first = running.putIfAbsent(p.idempotencyKey(), mine);
        if (first != null) {
            waitFor(p, first);
            return;
        }
        Instant now = Instant.now();
        IdempotencyRecord claim = new IdempotencyRecord(p.idempotencyKey(), p.fingerprint(),
                new IdempotencyRecord.State.InFlight(), now, now.plus(settings.window()), now.plus(settings.lease()));
        vertx.executeBlocking(() -> store.orElseThrow().claim(claim), false).onComplete(done -> {
            if (done.failed()) {
                settled(p.idempotencyKey(), mine);
                LOG.warn("Cannot claim an idempotency key: {}", done.cause().toString());
                p.exchange().fail(ApiError.of(ErrorKind.UNAVAILABLE, "idempotency_unavailable",
                        "Parley cannot reach the store of idempotency keys; retry later."));
                return;
            }
            switch (done.result()) {
                case IdempotencyStore.Claim.Won w -> run(p, mine);
                case IdempotencyStore.Claim.Held h -> {
                    settled(p.idempotencyKey(), mine);
                    answer(p, Verdict.of(h.holder(), p.fingerprint()));
                }
            }
        });
    }

    /** The first of its key: runs, keeping what its client is sent; settles the key once it has ended. */
    private void run(Pending p, CompletableFuture<Void> mine) {
        Exchange exchange = p.exchange();
        ResultRecorder recorder = exchange.record(MAX_KEPT_BYTES);
        exchange.afterEnd(() -> settle(p, exchange, recorder, mine));
        p.run().run();
    }

    /**
     * A complete answer is kept (when its key's rules allow bodies to be kept and it fits); an error before any
     * byte, or a client that left, releases the key.
     */
    private void settle(Pending p, Exchange exchange, ResultRecorder recorder, CompletableFuture<Void> mine) {
        int status = exchange.response.getStatusCode();
        boolean answered = !exchange.clientGone() && status / 100 == 2;
        Optional<StoredResult> result = answered && !recorder.overflowed() && mayKeep(p.key())
                ? Optional.of(new StoredResult(status, keptHeaders(exchange), recorder.bytes())) : Optional.empty();
        IdempotencyStore s = store.orElseThrow();
        vertx.executeBlocking(() -> {
            if (answered) {
                s.complete(p.idempotencyKey(), result);
            } else {
                s.release(p.idempotencyKey());
            }
            return null;
        }, false).onComplete(done -> {
            if (done.failed()) {
                // The row stays in flight until its lease ends; duplicates meanwhile are told it is in progress.
                LOG.warn("Cannot settle an idempotency key: {}", done.cause().toString());
            }
            settled(p.idempotencyKey(), mine);
        });
    }

    private void settled(IdempotencyKey key, CompletableFuture<Void> mine) {
        running.remove(key, mine);
        mine.complete(null);
    }

    /** Whether the key's rules allow its results to be kept: read through its effective access rules. */
    private boolean mayKeep(VirtualKey key) {
        TenancySnapshot snapshot = directory.snapshot();
        return key.attribution().keyId().map(id -> snapshot.key(id)
                        .map(record -> EffectiveAccess.of(record, snapshot).logBodies()).orElse(false))
                .orElseGet(EffectiveAccess.ALL::logBodies);
    }

    private static Map<String, String> keptHeaders(Exchange exchange) {
        Map<String, String> headers = new HashMap<>();
        for (String name : KEPT_HEADERS) {
            Optional.ofNullable(exchange.response.headers().get(name)).ifPresent(v -> headers.put(name, v));
        }
        return headers;
    }

    private void answer(Pending p, Verdict verdict) {
        Exchange exchange = p.exchange();
        switch (verdict) {
            case Verdict.Mismatch m -> exchange.fail(ApiError.of(ErrorKind.IDEMPOTENCY_MISMATCH, "idempotency_key_reused",
                    "The " + IdempotencyKey.HEADER + " was used with another request body; use a new key for a new"
                            + " request."));
            case Verdict.Replay r -> replay(exchange, r.result());
            case Verdict.NotKept n -> exchange.fail(ApiError.of(ErrorKind.CONFLICT, "idempotent_result_not_kept",
                    "A request with this " + IdempotencyKey.HEADER + " was already answered; its result was not kept"
                            + " (this key's rules do not allow bodies to be stored), so it cannot be sent again."));
            case Verdict.InProgress i -> {
                if (Instant.now().isBefore(p.deadline())) {
                    vertx.setTimer(POLL_MILLIS, id -> p.context().runOnContext(v -> claim(p)));
                } else {
                    inProgress(exchange);
                }
            }
        }
    }

    /** Waits for the request of this process that runs the key, then claims again (and so gets its result). */
    private void waitFor(Pending p, CompletableFuture<Void> first) {
        long millis = Math.max(1, Duration.between(Instant.now(), p.deadline()).toMillis());
        AtomicBoolean resumed = new AtomicBoolean();
        long timer = vertx.setTimer(millis, id -> {
            if (resumed.compareAndSet(false, true)) {
                p.context().runOnContext(v -> inProgress(p.exchange()));
            }
        });
        first.whenComplete((ok, e) -> {
            if (resumed.compareAndSet(false, true)) {
                vertx.cancelTimer(timer);
                p.context().runOnContext(v -> claim(p));
            }
        });
    }

    private static void inProgress(Exchange exchange) {
        exchange.fail(ApiError.of(ErrorKind.CONFLICT, "idempotent_request_in_progress", "A request with this "
                + IdempotencyKey.HEADER + " is still in progress; retry later to get its result."));
    }

    private static void replay(Exchange exchange, StoredResult result) {
        exchange.replay();
        exchange.response.setStatusCode(result.status());
        result.headers().forEach(exchange.response::putHeader);
        exchange.response.putHeader(REPLAY_HEADER, "true");
        if (result.headers().getOrDefault("content-type", "").startsWith("text/event-stream")) {
            exchange.response.setChunked(true);
        }
        exchange.finish(Buffer.buffer(result.body()));
    }

    private void purge(IdempotencyStore s) {
        vertx.executeBlocking(() -> s.purge(Instant.now()), false).onComplete(done -> {
            if (done.failed()) {
                LOG.warn("Cannot purge expired idempotency keys: {}", done.cause().toString());
            }
        });
    }
}
