package dev.parley.server;

import dev.parley.core.config.ProviderConfig;
import dev.parley.core.config.RetrySettings;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.routing.Backoff;
import dev.parley.core.routing.Channel;
import dev.parley.core.routing.ChannelBoard;
import dev.parley.core.routing.Choice;
import dev.parley.core.routing.FailureClass;
import dev.parley.core.routing.Failures;
import dev.parley.core.routing.KeyRotation;
import dev.parley.core.routing.KeySlot;
import dev.parley.core.routing.RetryBudget;
import dev.parley.core.routing.Route;
import dev.parley.core.routing.Router;
import dev.parley.core.routing.UpstreamOutcome;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attempts of one generation request, while nothing has been written to its client: each failure is
 * classified ({@link Failures}), the key it happened on is cooled down or retired, and, within
 * {@code max_attempts}, the deadline and the retry budget, another channel (or the same one, after a transient error) is tried
 * after a backoff on a Vert.x timer. Once a byte has gone to the client nothing is retried; the relays report
 * failures in the stream instead. Lives on the exchange's event loop, so it needs no locking.
 */
final class Attempts implements Failover {

    private static final Logger LOG = LoggerFactory.getLogger(Attempts.class);

    private final Exchange exchange;
    /** The model's route, then its fallbacks'; {@link #link} is the one attempts are taken from now. */
    private final List<Route> chain;
    private int link;
    private final RetrySettings settings;
    private final KeyRotation keys;
    private final ChannelBoard board;
    private final RetryBudget budget;
    private final WaitingRoom room;
    private final Consumer<Routed> send;
    private final Backoff backoff;
    private final Instant deadline;
    private final Set<KeySlot> tried = new HashSet<>();
    private int made;
    /** The attempt in flight; failures reported by an earlier one (its reset connection) are ignored. */
    private Optional<Routed> current = Optional.empty();

    /** @param send starts one attempt: the pass-through or translation path, whichever its provider needs */
    Attempts(Exchange exchange, List<Route> chain, RetrySettings settings, KeyRotation keys, ChannelBoard board,
             RetryBudget budget, WaitingRoom room, Consumer<Routed> send) {
        this.exchange = exchange;
        this.chain = chain;
        this.settings = settings;
        this.keys = keys;
        this.board = board;
        this.budget = budget;
        this.room = room;
        this.send = send;
        this.backoff = new Backoff(settings.baseDelay(), settings.maxDelay());
        this.deadline = exchange.startedAt.plus(settings.deadline());
    }

    void start(Routed first) {
        budget.request(Instant.now());
        // The first attempt may already come from a fallback, when the model's own keys are all cooling down.
        link = Math.max(0, indexOf(first.channel()));
        attempt(first.withFailover(this));
    }

    @Override
    public void failed(Routed routed, UpstreamOutcome outcome, ApiError error) {
        if (current.map(c -> c != routed).orElse(true) || exchange.ended()) {
            return;
        }
        if (exchange.response.headWritten()) {
            exchange.fail(error); // a byte went out: this is the stream's error event, never a retry
            return;
        }
        Instant now = Instant.now();
        FailureClass failure = Failures.classify(outcome);
        if (settings.enabled()) {
            remember(routed.key(), failure, error, now);
        }
        if (!wouldTryAgain(failure)) {
            exchange.fail(error);
            return;
        }
        Optional<Choice> next = failure == FailureClass.NEXT_MODEL ? fallback(now) : next(now);
        if (next.isEmpty()) {
            if (failure == FailureClass.NEXT_MODEL) {
                exchange.fail(error);
            } else {
                waitOrFail(routed, noChannel(chain, keys, board, Optional.of(error)), now);
            }
            return;
        }
        boolean sameKey = next.get().key().equals(routed.key());
        // The provider's Retry-After is about the key it came from; another key need not wait for it.
        Duration delay = backoff.delay(made, sameKey ? error.retryAfter() : Optional.empty(), ThreadLocalRandom.current());
        // The budget is asked last, so that only a retry that will really happen spends it.
        if (now.plus(delay).isAfter(deadline) || !budget.tryRetry(now)) {
            next.get().attempt().abandoned();
            exchange.fail(error);
            return;
        }
        Routed retry = retarget(routed, next.get());
        current = Optional.empty();
        Vertx vertx = Vertx.currentContext().owner();
        vertx.setTimer(Math.max(1, delay.toMillis()), t -> {
            // A client that hung up during the wait has ended the exchange: nothing more is sent.
            if (!exchange.ended()) {
                attempt(retry);
            }
        });
    }

    /**
     * Every key that could take the retry is rate limited (the one that just answered 429, say): like a first
     * attempt, the retry waits in the {@link WaitingRoom} for a key to come back, within the retry deadline and the
     * client's own wait, rather than handing a CI pipeline a 429 it would have to retry itself. Anything else that
     * leaves no channel (every key refused, every circuit open) is the client's answer at once.
     */
    private void waitOrFail(Routed routed, ApiError noChannel, Instant now) {
        Duration left = Duration.between(now, deadline);
        Optional<Exchange.WaitTerms> terms = exchange.waitTerms()
                .filter(t -> noChannel.kind() == ErrorKind.RATE_LIMITED && t.left(now).isPositive() && left.isPositive());
        if (terms.isEmpty() || !budget.tryRetry(now)) {
            exchange.fail(noChannel);
            return;
        }
        current = Optional.empty();
        Duration wait = terms.get().left(now).compareTo(left) < 0 ? terms.get().left(now) : left;
        room.await(exchange, chain, wait, terms.get().priority(), choice -> {
            exchange.claim(choice.attempt());
            link = Math.max(link, indexOf(choice.channel()));
            attempt(retarget(routed, choice));
        });
    }

    @Override
    public boolean wouldTryAgain(FailureClass failure) {
        if (made >= settings.maxAttempts()) {
            return false;
        }
        return switch (failure) {
            case RETRY_SAME, COOL_DOWN_KEY, KEY_DEAD -> true;
            case NEXT_MODEL -> link + 1 < chain.size();
            case FINAL -> false;
        };
    }

    /**
     * A key of the current model not tried yet; else a fallback model's; else a key tried before (a transient
     * failure may pass on a second try).
     */
    private Optional<Choice> next(Instant now) {
        Optional<Choice> here = choose(chain.get(link), now);
        if (here.isPresent() && !tried.contains(here.get().key())) {
            return here;
        }
        Optional<Choice> later = fallback(now);
        if (later.isPresent()) {
            here.ifPresent(unused -> unused.attempt().abandoned());
            return later;
        }
        return here;
    }

    /** The first later model in the chain that has a usable key, which attempts then stay with. */
    private Optional<Choice> fallback(Instant now) {
        for (int i = link + 1; i < chain.size(); i++) {
            Optional<Choice> choice = choose(chain.get(i), now);
            if (choice.isPresent()) {
                link = i;
                return choice;
            }
        }
        return Optional.empty();
    }

    /** A channel of {@code route} for the next attempt, its health attempt claimed by the exchange. */
    private Optional<Choice> choose(Route route, Instant now) {
        Optional<Choice> choice = Router.choose(route, board, keys, now, System.nanoTime(), tried,
                ThreadLocalRandom.current());
        choice.ifPresent(c -> exchange.claim(c.attempt()));
        return choice;
    }

    private int indexOf(Channel channel) {
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).channels().contains(channel)) {
                return i;
            }
        }
        return -1;
    }

    private void attempt(Routed routed) {
        made++;
        tried.add(routed.key());
        current = Optional.of(routed);
        send.accept(routed);
    }

    private void remember(KeySlot key, FailureClass failure, ApiError error, Instant now) {
        switch (failure) {
            // Without a Retry-After, the key sits out this request's backoff (and the provider's learned
            // x-ratelimit reset, when it sent one: WaitingRoom.answered applies that).
            case COOL_DOWN_KEY -> keys.coolDown(key, now.plus(error.retryAfter().orElseGet(() -> backoff.ceiling(made))));
            case KEY_DEAD -> {
                keys.kill(key);
                LOG.warn("Provider key {} was refused ({}); it is out of rotation until Parley restarts.", key,
                        error.message());
            }
            case RETRY_SAME, NEXT_MODEL, FINAL -> {
                // Not the key's fault: the channel's health has counted it (ChannelVerdict).
            }
        }
    }

    private static Routed retarget(Routed previous, Choice choice) {
        Channel channel = choice.channel();
        return new Routed(previous.exchange(), channel, choice.key(), previous.client(),
                UpstreamProtocols.forClient(channel.provider().type(), previous.client()), previous.model(),
                previous.stream(), previous.failover(), choice.attempt());
    }

    /**
     * The answer when no channel of the chain can serve: a 503 when an operator disabled every one; a 429 with the
     * honest wait, the earliest end of a cool-down, when some key is cooling down; else the last failure, if there
     * was one; else a 503 until the first open circuit lets a probe through, when circuits keep the channels out;
     * else a 502 (every key was refused).
     */
    static ApiError noChannel(List<Route> chain, KeyRotation keys, ChannelBoard board, Optional<ApiError> last) {
        Instant now = Instant.now();
        String model = chain.getFirst().model();
        List<Channel> channels = chain.stream().flatMap(route -> route.channels().stream()).toList();
        if (channels.stream().noneMatch(board::enabled)) {
            return ApiError.of(ErrorKind.UNAVAILABLE, "channel_disabled", "Every channel of model '" + model
                    + "' is disabled by an operator.");
        }
        Optional<Instant> again = channels.stream().map(Channel::provider).distinct()
                .map((ProviderConfig p) -> keys.availableAgain(p, now)).flatMap(Optional::stream)
                .min(Instant::compareTo);
        if (again.isPresent()) {
            Duration honest = roundedUp(Duration.between(now, again.get()));
            return ApiError.of(ErrorKind.RATE_LIMITED, "Every provider key for model '" + model
                    + "' is rate limited; try again in " + honest.toSeconds() + " s.").withRetryAfter(honest);
        }
        if (last.isPresent()) {
            return last.get();
        }
        Optional<Duration> reopening = board.firstReopening(channels, System.nanoTime());
        if (reopening.isPresent()) {
            Duration honest = roundedUp(reopening.get());
            return ApiError.of(ErrorKind.UNAVAILABLE, "circuit_open", "Every provider of model '" + model
                    + "' is failing and rests for now; try again in " + honest.toSeconds() + " s.")
                    .withRetryAfter(honest);
        }
        return ApiError.of(ErrorKind.UPSTREAM, "upstream_auth_failed", "Every provider key for "
                + "model '" + model + "' was refused by its provider.");
    }

    /** Whole seconds, rounded up: a client told "1 s" for 1.2 s would come back too early and be refused again. */
    private static Duration roundedUp(Duration wait) {
        return Duration.ofSeconds(Math.max(1, (wait.toMillis() + 999) / 1000));
    }
}
