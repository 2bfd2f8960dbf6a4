package dev.parley.server;

import dev.parley.core.batch.Batch;
import dev.parley.core.batch.BatchIds;
import dev.parley.core.batch.BatchLines;
import dev.parley.core.batch.BatchStore;
import dev.parley.core.batch.ClaimedItem;
import dev.parley.core.batch.ItemState;
import dev.parley.core.batch.ItemVerdict;
import dev.parley.core.config.BatchSettings;
import dev.parley.core.deadletter.DeadLetter;
import dev.parley.core.deadletter.Failure;
import dev.parley.core.routing.RetryAfter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Runs batch items: one loop that claims due items of every active batch from the store (within each batch's
 * {@code batches.concurrency}, and this instance's {@code batches.workers}), renews the leases of the items it holds,
 * and ends batches once nothing of them runs; each item is sent on a virtual thread through {@link InternalCalls}
 * as its batch's key, at the lowest priority, so it takes the normal admission, wait queue, routing, retries,
 * fallbacks and ledger. What the answer means is {@link ItemVerdict}'s: a success finishes the item with its output
 * line; a failure finishes it with its error line and a dead letter holding its error history (both in one
 * transaction); a rate limit puts it back until the refusal's Retry-After. The state lives in the store, so another
 * instance, or this one restarted, resumes whatever is unfinished: an item whose runner died runs again once its
 * lease has ended, and a finished item never runs again.
 */
final class BatchRunner {

    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);
    /** The most tries an item's error history keeps (the latest); a rate-limited item may be refused often. */
    private static final int MAX_HISTORY = 50;
    private static final Duration STORE_RETRY = Duration.ofSeconds(1);

    private final BatchStore store;
    private final InternalCalls internal;
    private final BatchSettings settings;
    private final SecureRandom random = new SecureRandom();
    /** This instance's name on the items it holds: random, so that a restarted instance holds nothing. */
    private final String runner;
    private final Semaphore slots;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Object signal = new Object();
    private final Map<String, Counter> items = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private boolean woken;
    private volatile boolean stopping;
    private Optional<Thread> loop = Optional.empty();
    private Instant renewed = Instant.EPOCH;

    BatchRunner(BatchStore store, InternalCalls internal, BatchSettings settings, MeterRegistry registry) {
        this.store = store;
        this.internal = internal;
        this.settings = settings;
        this.registry = registry;
        byte[] id = new byte[8];
        random.nextBytes(id);
        this.runner = "runner-" + HexFormat.of().formatHex(id);
        this.slots = new Semaphore(settings.workers());
        Gauge.builder("parley_batch_items_running", () -> settings.workers() - slots.availablePermits())
                .description("Batch items this instance is running").register(registry);
    }

    /** Starts the loop; it resumes every unfinished batch in the store. */
    void start() {
        loop = Optional.of(Thread.ofPlatform().name("parley-batches").daemon().start(this::run));
        LOG.info("Batch runner {} started ({} items at once, {} per batch)", runner, settings.workers(),
                settings.concurrency());
    }

    /** Looks for work now (a batch was created or cancelled, an item finished). */
    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** Claims nothing more; the items in flight go on (the server's drain waits for their requests). */
    void stopClaiming() {
        stopping = true;
        wake();
    }

    /**
     * Stops claiming, lets the items in flight finish writing their outcomes within {@code grace}, then gives back
     * what it still holds, so that the next instance runs it at once rather than after the lease.
     */
    void close(Duration grace) {
        stopClaiming();
        loop.ifPresent(thread -> join(thread, grace));
        workers.shutdown();
        try {
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
        try {
            int released = store.release(runner);
            if (released > 0) {
                LOG.info("Batch runner stopped; {} items it was running will run again", released);
            }
        } catch (RuntimeException e) {
            LOG.warn("Batch runner could not give its items back ({}); they run again after their lease", e.toString());
        }
    }

    private void run() {
        while (!stopping) {
            try {
                tick(Instant.now());
            } catch (RuntimeException e) {
                LOG.warn("Batch runner: {}", e.toString());
            }
            awaitSignal();
        }
    }

    private void tick(Instant now) {
        if (Duration.between(renewed, now).compareTo(renewEvery()) >= 0) {
            store.renew(runner, now.plus(settings.lease()));
            renewed = now;
        }
        for (String batchId : store.activeBatches()) {
            if (stopping) {
                return;
            }
            int free = slots.availablePermits();
            List<ClaimedItem> claimed = free == 0 ? List.of() : store.claim(batchId, runner,
                    Math.min(free, settings.concurrency()), settings.concurrency(), now, now.plus(settings.lease()));
            if (claimed.isEmpty()) {
                store.settle(batchId, now, BatchIds.file(now, random), BatchIds.file(now, random))
                        .ifPresent(this::ended);
            }
            for (ClaimedItem item : claimed) {
                slots.acquireUninterruptibly();
                workers.execute(() -> run(item));
            }
        }
    }

    private Duration renewEvery() {
        return settings.lease().dividedBy(3);
    }

    private void awaitSignal() {
        long waitMillis = Math.max(1, Math.min(settings.pollInterval().toMillis(), renewEvery().toMillis()));
        synchronized (signal) {
            if (!woken && !stopping) {
                try {
                    signal.wait(waitMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                }
            }
            woken = false;
        }
    }

    private void ended(Batch batch) {
        registry.counter("parley_batches_total", "status", batch.status().wire()).increment();
        LOG.info("Batch {} {}: {} of {} items succeeded, {} failed", batch.id(), batch.status().wire(),
                batch.counts().completed(), batch.counts().total(), batch.counts().failed());
    }

    /** One item: sent, and its outcome written; the slot is given back whatever happens. */
    private void run(ClaimedItem item) {
        try {
            InternalCalls.Answer answer = internal.post(item.keyScope(), item.endpoint().path(), item.body(),
                    settings.itemTimeout());
            settle(item, answer);
        } catch (InterruptedException e) {
            // Stopping: the item is given back by close, or runs again after its lease.
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Batch item {} of {} was not finished ({}); it runs again after its lease", item.customId(),
                    item.batchId(), e.toString());
        } finally {
            slots.release();
            wake();
        }
    }

    private void settle(ClaimedItem item, InternalCalls.Answer answer) throws InterruptedException {
        Instant now = Instant.now();
        Optional<JsonNode> error = errorOf(answer);
        ItemVerdict verdict = ItemVerdict.of(answer.status(), answer.requestId().isPresent(),
                error.flatMap(e -> text(e, "type")), answer.header("retry-after").flatMap(v -> RetryAfter.parse(v, now)),
                answer.header("x-parley-attempts").isPresent(), item.tries());
        String line = BatchLines.answered(item.requestLineId(), item.customId(), answer.status(), answer.requestId(),
                answer.body());
        boolean held = switch (verdict) {
            case ItemVerdict.Succeeded s -> write(() -> store.finish(item, runner, ItemState.SUCCEEDED, line,
                    answer.requestId(), Optional.empty(), now), "succeeded");
            case ItemVerdict.Failed f -> write(() -> store.finish(item, runner, ItemState.FAILED, line,
                    answer.requestId(), Optional.of(letter(item, history(item, answer, error), now)), now), "failed");
            case ItemVerdict.RetryLater later -> write(() -> store.retryLater(item, runner, now.plus(later.after()),
                    history(item, answer, error)), "retried");
        };
        if (!held) {
            // Another instance took it over after this one's lease ended; its result is the one kept.
            count("lost");
        }
    }

    /** A store write, tried again while the store is away (the item's lease is renewed meanwhile). */
    private boolean write(StoreWrite write, String outcome) throws InterruptedException {
        while (true) {
            try {
                boolean held = write.run();
                if (held) {
                    count(outcome);
                }
                return held;
            } catch (RuntimeException e) {
                if (stopping) {
                    throw e;
                }
                LOG.warn("Batch runner cannot write an item's outcome ({}); trying again", e.toString());
                Thread.sleep(STORE_RETRY.toMillis());
            }
        }
    }

    private interface StoreWrite {
        boolean run();
    }

    private void count(String outcome) {
        items.computeIfAbsent(outcome, o -> Counter.builder("parley_batch_items_total").tag("outcome", o)
                .description("Batch items by what became of a try: succeeded, failed, retried, lost")
                .register(registry)).increment();
    }

    private DeadLetter letter(ClaimedItem item, List<Failure> failures, Instant now) {
        byte[] id = new byte[12];
        random.nextBytes(id);
        return new DeadLetter("dlq_" + HexFormat.of().formatHex(id), "batch", item.batchId(), item.customId(),
                item.keyScope(), item.keyName(), item.teamId(), item.endpoint().path(), item.body(), failures, now,
                Optional.empty());
    }

    /**
     * The item's error history: its earlier refused tries, then this try's upstream attempts as Parley listed them,
     * then Parley's answer; the latest {@value #MAX_HISTORY} of them.
     */
    private static List<Failure> history(ClaimedItem item, InternalCalls.Answer answer, Optional<JsonNode> error) {
        List<Failure> history = new ArrayList<>(item.failures());
        int attempt = history.isEmpty() ? 0 : history.getLast().attempt();
        for (JsonNode entry : attemptLog(answer)) {
            String provider = entry.path("provider").asString("");
            String model = entry.path("upstream_model").asString("");
            String outcome = entry.path("outcome").asString("");
            OptionalInt status = entry.has("status") ? OptionalInt.of(entry.get("status").asInt()) : OptionalInt.empty();
            if (outcome.equals("ok")) {
                continue;
            }
            history.add(new Failure(++attempt, Optional.of(provider), Optional.of(model), status,
                    outcome.equals("http_status") && status.isPresent() ? "upstream_" + status.getAsInt() : outcome,
                    "Provider '" + provider + "' (" + model + "): " + outcome.replace('_', ' ')
                            + (status.isPresent() ? " " + status.getAsInt() : "") + "."));
        }
        String errorClass = error.flatMap(e -> text(e, "code")).or(() -> error.flatMap(e -> text(e, "type")))
                .orElse(answer.requestId().isPresent() ? "status_" + answer.status() : "unreachable");
        String message = error.flatMap(e -> text(e, "message")).orElse("Parley answered " + answer.status() + ".");
        history.add(new Failure(++attempt, Optional.empty(), Optional.empty(), OptionalInt.of(answer.status()),
                errorClass, message));
        return history.size() > MAX_HISTORY ? List.copyOf(history.subList(history.size() - MAX_HISTORY,
                history.size())) : history;
    }

    /** The upstream attempts an internal error answer lists ({@link InternalCalls#ATTEMPT_LOG_HEADER}). */
    private static List<JsonNode> attemptLog(InternalCalls.Answer answer) {
        Optional<String> header = answer.header(InternalCalls.ATTEMPT_LOG_HEADER);
        if (header.isEmpty()) {
            return List.of();
        }
        try {
            JsonNode log = AdminJson.MAPPER.readTree(Base64.getUrlDecoder().decode(header.get()));
            List<JsonNode> entries = new ArrayList<>();
            log.forEach(entries::add);
            return entries;
        } catch (IllegalArgumentException | JacksonException e) {
            return List.of();
        }
    }

    /** The {@code error} object of an OpenAI-shaped error answer. */
    private static Optional<JsonNode> errorOf(InternalCalls.Answer answer) {
        if (answer.status() / 100 == 2) {
            return Optional.empty();
        }
        try {
            JsonNode error = AdminJson.MAPPER.readTree(answer.body()).path("error");
            return error.isObject() ? Optional.of(error) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode object, String field) {
        JsonNode value = object.path(field);
        return value.isString() && !value.asString().isEmpty() ? Optional.of(value.asString()) : Optional.empty();
    }

    private static void join(Thread thread, Duration grace) {
        try {
            thread.join(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
