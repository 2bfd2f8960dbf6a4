package dev.parley.server;

import dev.parley.core.config.QueueSettings;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.routing.Channel;
import dev.parley.core.routing.ChannelBoard;
import dev.parley.core.routing.Choice;
import dev.parley.core.routing.KeyRotation;
import dev.parley.core.routing.KeySlot;
import dev.parley.core.routing.LimitHeaders;
import dev.parley.core.routing.Route;
import dev.parley.core.routing.Router;
import dev.parley.core.routing.WaitQueue;
import io.vertx.core.Context;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a request waits when every key of every channel it may take is rate limited (cooling down, or at a limit
 * its provider announced or {@code rpm} sets), instead of failing at once. Shared by every event loop: the queue
 * is guarded by this object's lock, and a waiter is always resumed, timed out or failed on its own Vert.x context.
 *
 * <p>Waiters are offered keys in the queue's order (priority, deadline, arrival) on a timer at the moment the first
 * key comes back, and whenever a provider answers (its headers may free or exhaust a key). Each pass hands every key
 * to at most one waiter, and the next pass comes with that request's answer (or {@link #PROBE_GAP} later): a key
 * just out of a rate limit is not flooded with the whole backlog at once, and a limit its answer announces is
 * known before the next waiter takes it.
 */
final class WaitingRoom {

    private static final Logger LOG = LoggerFactory.getLogger(WaitingRoom.class);
    static final String WAIT_HEADER = "x-parley-queue-wait";
    /** The next pass after one that handed keys out, if no answer has brought it sooner. */
    static final Duration PROBE_GAP = Duration.ofSeconds(1);

    private final KeyRotation keys;
    private final ChannelBoard board;
    private final QueueSettings settings;
    private final WaitQueue<Waiter> queue;
    private long timer = -1;
    private Optional<Instant> timerAt = Optional.empty();
    private final AtomicLong waited = new AtomicLong();
    private final AtomicLong released = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong refusedFull = new AtomicLong();
    private final AtomicLong refusedTooLate = new AtomicLong();
    private final AtomicLong waitMillis = new AtomicLong();

    /** One waiting request: where it runs, what it may take, and what it does once it has a channel. */
    private static final class Waiter {
        final Exchange exchange;
        final Context context;
        final List<Route> chain;
        final Instant since;
        final Consumer<Choice> then;
        Optional<WaitQueue.Ticket<Waiter>> ticket = Optional.empty();
        long deadlineTimer = -1;

        Waiter(Exchange exchange, Context context, List<Route> chain, Instant since, Consumer<Choice> then) {
            this.exchange = exchange;
            this.context = context;
            this.chain = chain;
            this.since = since;
            this.then = then;
        }

        String model() {
            return chain.getFirst().model();
        }
    }

    WaitingRoom(KeyRotation keys, ChannelBoard board, QueueSettings settings) {
        this.keys = keys;
        this.board = board;
        this.settings = settings;
        this.queue = new WaitQueue<>(settings.maxDepth());
    }

    /** How long a request may wait: the client's {@code x-parley-max-wait}, capped at the configured one. */
    Duration maxWait(Optional<Duration> asked) {
        return asked.filter(d -> d.compareTo(settings.maxWait()) < 0).orElse(settings.maxWait());
    }

    /**
     * A request whose chain has no usable key now: it waits for one (and {@code then} runs on its own context with
     * the channel it got), or is refused at once with an honest 429 when waiting could not help.
     */
    void await(Exchange exchange, List<Route> chain, Duration maxWait, int priority, Consumer<Choice> then) {
        Instant now = Instant.now();
        Optional<Instant> again = availableAgain(chain, now);
        if (again.isEmpty()) {
            // No key is cooling or at a limit: one came back since the caller looked, or every key was refused.
            chain.stream().flatMap(route -> Router.choose(route, board, keys, now, System.nanoTime(), Set.of(),
                    ThreadLocalRandom.current())
                    .stream()).findFirst().ifPresentOrElse(then,
                            () -> exchange.fail(Attempts.noChannel(chain, keys, board, Optional.empty())));
            return;
        }
        Instant deadline = now.plus(maxWait);
        Waiter waiter = new Waiter(exchange, Vertx.currentContext(), chain, now, then);
        WaitQueue.Decision decision;
        synchronized (this) {
            decision = queue.admit(now, deadline, again.get());
            if (decision instanceof WaitQueue.Decision.Wait) {
                waiter.ticket = queue.offer(waiter, priority, deadline);
            }
        }
        switch (decision) {
            case WaitQueue.Decision.Refuse(WaitQueue.Reason reason, Duration retryAfter) ->
                    refuse(exchange, chain, reason, retryAfter, now);
            case WaitQueue.Decision.Wait() -> {
                waited.incrementAndGet();
                exchange.onClientGone(() -> leave(waiter));
                waiter.deadlineTimer = waiter.context.owner().setTimer(Math.max(1, maxWait.toMillis()),
                        id -> timeOut(waiter));
                wakeAt(again.get());
            }
        }
    }

    /**
     * A provider answered on {@code key}: a limit its headers announce takes the key out until its reset; a success
     * gives the waiters another pass (the key works, and may take the next one). A failure does not: what it means
     * for the key (a cool-down after a 429) is only known once its body is read, and the timer will come.
     */
    void answered(KeySlot key, HttpClientResponse response) {
        Instant now = Instant.now();
        LimitHeaders.exhaustedUntil(name -> Optional.ofNullable(response.getHeader(name)), now)
                .ifPresent(until -> keys.coolDown(key, until));
        boolean anyone;
        synchronized (this) {
            anyone = queue.size() > 0;
        }
        if (anyone && response.statusCode() / 100 == 2) {
            pass();
        }
    }

    /** How many requests wait now. */
    synchronized int depth() {
        return queue.size();
    }

    /** The time every request that left the queue spent in it, in milliseconds. */
    long waitedMillis() {
        return waitMillis.get();
    }

    /** How many requests left the queue by {@code outcome}, as {@link #snapshot} names it. */
    long count(String outcome) {
        return switch (outcome) {
            case "released" -> released.get();
            case "timed_out" -> timedOut.get();
            case "cancelled" -> cancelled.get();
            case "refused_full" -> refusedFull.get();
            case "refused_too_late" -> refusedTooLate.get();
            default -> throw new IllegalArgumentException("no queue outcome " + outcome);
        };
    }

    /** The queue's state for {@code GET /admin/queue}. */
    Map<String, Object> snapshot() {
        Map<String, Integer> depth = new TreeMap<>();
        int total;
        synchronized (this) {
            queue.inOrder().forEach(t -> depth.merge(t.item().model(), 1, Integer::sum));
            total = queue.size();
        }
        Map<String, Object> counts = new TreeMap<>(Map.of("waited", waited.get(), "released", released.get(),
                "timed_out", timedOut.get(), "cancelled", cancelled.get(), "refused_full", refusedFull.get(),
                "refused_too_late", refusedTooLate.get(), "wait_ms_total", waitMillis.get()));
        return Map.of("depth", total, "max_depth", settings.maxDepth(), "max_wait_ms", settings.maxWait().toMillis(),
                "models", depth, "since_start", counts);
    }

    /** Offers keys to the waiters in order; those served go back to their own context with their channel. */
    private void pass() {
        Instant now = Instant.now();
        Set<KeySlot> handed = new HashSet<>();
        List<WaitQueue.Released<Waiter, Choice>> out;
        Optional<Instant> next;
        synchronized (this) {
            out = queue.release(waiter -> waiter.exchange.ended() ? Optional.empty() : choose(waiter, now, handed));
            next = queue.inOrder().stream().flatMap(t -> availableAgain(t.item().chain, now).stream())
                    .min(Instant::compareTo);
            if (!out.isEmpty() && queue.size() > 0) {
                Instant probe = now.plus(PROBE_GAP);
                next = Optional.of(next.filter(n -> n.isBefore(probe)).orElse(probe));
            }
        }
        next.ifPresent(this::wakeAt);
        for (WaitQueue.Released<Waiter, Choice> r : out) {
            Waiter waiter = r.ticket().item();
            waiter.context.runOnContext(v -> resume(waiter, r.result()));
        }
    }

    /**
     * The channel for one waiter: the first route of its chain with a key no earlier waiter of this pass took,
     * through the same choice a request that never waited makes.
     */
    private Optional<Choice> choose(Waiter waiter, Instant now, Set<KeySlot> handed) {
        for (Route route : waiter.chain) {
            boolean open = route.channels().stream().map(Channel::provider).distinct()
                    .anyMatch(p -> keys.hasUsable(p, now, handed));
            if (open) {
                Optional<Choice> choice = Router.choose(route, board, keys, now, System.nanoTime(), handed,
                        ThreadLocalRandom.current());
                choice.ifPresent(c -> handed.add(c.key()));
                return choice;
            }
        }
        return Optional.empty();
    }

    private void resume(Waiter waiter, Choice choice) {
        waiter.context.owner().cancelTimer(waiter.deadlineTimer);
        if (waiter.exchange.ended()) {
            // The channel's attempt was begun for this waiter when it was chosen; it ends without a verdict.
            choice.attempt().abandoned();
            return;
        }
        released.incrementAndGet();
        stamp(waiter);
        waiter.then.accept(choice);
    }

    /** Runs on the waiter's context: its deadline passed while no key came back for it. */
    private void timeOut(Waiter waiter) {
        if (!remove(waiter)) {
            return;
        }
        timedOut.incrementAndGet();
        stamp(waiter);
        Instant now = Instant.now();
        waiter.exchange.fail(Attempts.noChannel(waiter.chain, keys, board, Optional.empty()));
    }

    /** Runs on the waiter's context: its client hung up, so its slot is freed and nothing is sent for it. */
    private void leave(Waiter waiter) {
        if (remove(waiter)) {
            cancelled.incrementAndGet();
            waitMillis.addAndGet(Duration.between(waiter.since, Instant.now()).toMillis());
            waiter.context.owner().cancelTimer(waiter.deadlineTimer);
        }
    }

    private boolean remove(Waiter waiter) {
        synchronized (this) {
            return waiter.ticket.map(queue::remove).orElse(false);
        }
    }

    private void stamp(Waiter waiter) {
        long millis = Duration.between(waiter.since, Instant.now()).toMillis();
        waitMillis.addAndGet(millis);
        waiter.exchange.response.putHeader(WAIT_HEADER, Long.toString(millis));
    }

    private void refuse(Exchange exchange, List<Route> chain, WaitQueue.Reason reason, Duration retryAfter,
                        Instant now) {
        switch (reason) {
            case TOO_LATE -> {
                refusedTooLate.incrementAndGet();
                exchange.fail(Attempts.noChannel(chain, keys, board, Optional.empty()));
            }
            case FULL -> {
                refusedFull.incrementAndGet();
                LOG.warn("Request {} for model '{}' refused: {} requests already wait for a rate-limited key "
                        + "(queue.max_depth).", exchange.id, chain.getFirst().model(), settings.maxDepth());
                exchange.fail(ApiError.of(ErrorKind.RATE_LIMITED, "queue_full", "Every provider key for model '"
                        + chain.getFirst().model() + "' is rate limited and Parley's queue is full; try again in "
                        + retryAfter.toSeconds() + " s.").withRetryAfter(retryAfter));
            }
        }
    }

    /** Makes sure a pass runs no later than {@code at}: one timer, at the earliest moment anyone asked for. */
    private void wakeAt(Instant at) {
        Vertx vertx = Vertx.currentContext().owner();
        long delay = Math.max(1, Duration.between(Instant.now(), at).toMillis() + 1);
        synchronized (this) {
            if (timerAt.isPresent() && !timerAt.get().isAfter(at)) {
                return;
            }
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            timerAt = Optional.of(at);
            timer = vertx.setTimer(delay, id -> {
                synchronized (this) {
                    if (timer == id) {
                        timer = -1;
                        timerAt = Optional.empty();
                    }
                }
                pass();
            });
        }
    }

    private Optional<Instant> availableAgain(List<Route> chain, Instant now) {
        return chain.stream().flatMap(route -> route.channels().stream()).map(Channel::provider).distinct()
                .flatMap(p -> keys.availableAgain(p, now).stream()).min(Instant::compareTo);
    }
}
