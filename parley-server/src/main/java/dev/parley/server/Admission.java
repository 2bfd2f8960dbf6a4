package dev.parley.server;

import dev.parley.core.auth.VirtualKey;
import dev.parley.core.codec.MaxOutputTokens;
import dev.parley.core.json.TopLevelObject;
import dev.parley.core.pricing.Cost;
import dev.parley.core.pricing.Markup;
import dev.parley.core.pricing.Pricer;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.routing.Channel;
import dev.parley.core.routing.Route;
import dev.parley.core.tenancy.Account;
import dev.parley.core.tenancy.Accounts;
import dev.parley.core.tenancy.Attribution;
import dev.parley.core.tenancy.Budget;
import dev.parley.core.tenancy.BudgetBook;
import dev.parley.core.tenancy.BudgetPeriod;
import dev.parley.core.tenancy.EffectiveAccess;
import dev.parley.core.tenancy.KeyRecord;
import dev.parley.core.tenancy.LimitBook;
import dev.parley.core.tenancy.Limits;
import dev.parley.core.tenancy.Scope;
import dev.parley.core.tenancy.ScopeKind;
import dev.parley.core.tenancy.SharedCounters;
import dev.parley.core.tenancy.TenancySnapshot;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The checks a request of a store key (one with an {@link Attribution}) passes after its model is routed and before
 * anything is sent upstream, read from the {@link Directory}'s current snapshot: the access rules of its key,
 * project and team (model, channels, max tokens), then its budgets (the request's worst case reserved in every
 * budget of its key, project, team and member, and in the prepaid account that pays for it, all or none), then its
 * rate limits (rpm, tpm and concurrency of the same scopes, all or none). What it took is settled when the exchange
 * ends, once ({@link Settlement}). Keys from the configuration file and the master key belong to no team and pass
 * untouched.
 *
 * <p>The books are shared by every event loop; a budget the book has not seen yet is first seeded with what the
 * ledger says its window spent, off the event loop, once however many requests wait for it.
 *
 * <p>A prepaid account ({@link Accounts#payer}) is one more budget in the same book: all time, its amount the
 * account's credit (so a top-up raises it from the next request on), seeded with what the ledger charged it. Its
 * low-balance threshold is an alert once per crossing: again only after a change of credit.
 */
final class Admission {

    /**
     * The output a request that names no maximum is assumed to write, for its token estimate and its budgets'
     * worst case. A generation under a budget that names none is sent with this maximum (see
     * {@link MaxOutputTokens#cap}), so that it cannot cost more than its budgets reserved.
     */
    static final long DEFAULT_OUTPUT_TOKENS = 4096;

    /** What a request can cost, by endpoint. */
    enum Spend {
        /** A generation: its prompt and its output. */
        GENERATION,
        /** Embeddings: their input only. */
        EMBEDDING,
        /** A token count: nothing; only the access rules apply. */
        NONE
    }

    /**
     * An admitted request: the routes narrowed to the channels its key may use, and the body every attempt sends
     * (the client's, with the maximum output its budgets reserved for when it named none).
     */
    record Admitted(List<Route> chain, TopLevelObject body) {
    }

    /** What one admitted request holds in the books, given back when its exchange ends. */
    interface Settlement {
        void settle(long tokens, BigDecimal cost, Instant now);
    }

    private final Directory directory;
    /** The current catalog's: a provider made through the admin API is priced from its first request. */
    private final Supplier<Pricer> pricer;
    private final Alerts alerts;
    private final LimitBook limits = new LimitBook();
    private final BudgetBook budgets = new BudgetBook();
    /** Budgets being read from the ledger, by id: a burst of requests for a new budget waits for one read. */
    private final Map<String, CompletableFuture<Void>> seeding = new ConcurrentHashMap<>();
    /** The books in Redis, shared with the other replicas; empty: this instance's own are the only ones. */
    private final Optional<SharedBooks> shared;
    /** Accounts whose low-balance alert was raised, each with the credit it was raised at. */
    private final Set<String> lowAlerted = ConcurrentHashMap.newKeySet();

    Admission(Directory directory, Supplier<Pricer> pricer, Alerts alerts) {
        this(directory, pricer, alerts, Optional.empty());
    }

    /** With {@code redis}, limits and budgets are shared with the other replicas through it. */
    Admission(Directory directory, Supplier<Pricer> pricer, Alerts alerts, Optional<RedisLink> redis) {
        this.directory = directory;
        this.pricer = pricer;
        this.alerts = alerts;
        this.shared = redis.map(SharedBooks::new);
    }

    LimitBook limits() {
        return limits;
    }

    BudgetBook budgets() {
        return budgets;
    }

    /** Whether {@code key} may use {@code model}, for model listings: its own patterns, and a store key's rules. */
    boolean allowsModel(VirtualKey key, String model) {
        if (!key.models().allows(model)) {
            return false;
        }
        TenancySnapshot snapshot = directory.snapshot();
        // A store key gone from the snapshot (revoked meanwhile) may use nothing.
        return key.attribution().keyId().map(id -> snapshot.key(id)
                .map(record -> EffectiveAccess.of(record, snapshot).allowsModel(model)).orElse(false)).orElse(true);
    }

    /**
     * Admits a request for {@code model}, whose routes are {@code chain}: {@code then} runs on the exchange's
     * context with the routes narrowed to the channels the key may use; otherwise the client has its error.
     */
    void admit(Exchange exchange, VirtualKey key, TopLevelObject body, String model, List<Route> chain, Spend spend,
               Consumer<Admitted> then) {
        Attribution who = key.attribution();
        if (who.keyId().isEmpty()) {
            then.accept(new Admitted(chain, body));
            return;
        }
        TenancySnapshot snapshot = directory.snapshot();
        Optional<KeyRecord> record = snapshot.key(who.keyId().get());
        if (record.isEmpty()) {
            // Revoked between authentication and now: refused like any key that is no longer valid.
            exchange.fail(ApiError.of(ErrorKind.AUTHENTICATION, "invalid_api_key", "The API key is not valid."));
            return;
        }
        EffectiveAccess access = EffectiveAccess.of(record.get(), snapshot);
        Markup markup = snapshot.markup(who).orElseGet(() -> pricer.get().markup());
        exchange.pricedWith(markup);
        if (access.logBodies()) {
            exchange.keepBodies(body.bytes());
        }
        if (!access.allowsModel(model)) {
            // Like a model that does not exist: a key learns nothing of the models it may not use.
            exchange.fail(ApiError.of(ErrorKind.NOT_FOUND, "model_not_found",
                    "The model '" + model + "' does not exist in this Parley.").withParam("model"));
            return;
        }
        List<Route> allowed = allowedRoutes(chain, access);
        if (allowed.isEmpty()) {
            exchange.fail(ApiError.of(ErrorKind.PERMISSION, "no_allowed_channel", "No provider this key may use (by its"
                    + " providers and regions) serves the model '" + model + "'.").withParam("model"));
            return;
        }
        Optional<MaxOutputTokens> asked = spend == Spend.EMBEDDING ? Optional.empty()
                : MaxOutputTokens.of(exchange.protocol, body);
        if (spend == Spend.GENERATION && !withinMaxTokens(exchange, asked, access.maxTokensPerRequest())) {
            return;
        }
        if (spend == Spend.NONE) {
            then.accept(new Admitted(allowed, body));
            return;
        }
        Optional<Payer> payer = directory.accounts().payer(who, exchange.startedAt)
                .map(account -> new Payer(account, directory.accounts().credit(account)));
        long prompt = body.bytes().length;
        // A maximum below the smallest one a provider is sent is raised on the way: reserve what may be written.
        long output = spend == Spend.EMBEDDING ? 0
                : Math.max(MaxOutputTokens.SMALLEST_SENT, asked.map(MaxOutputTokens::value).orElse(DEFAULT_OUTPUT_TOKENS));
        List<Budget> reserving = new ArrayList<>(scopes(who).stream().flatMap(s -> snapshot.budgets(s).stream())
                .toList());
        payer.ifPresent(p -> reserving.add(p.budget()));
        Request request = new Request(exchange, scopes(who).stream().map(s -> limitsOf(snapshot, s)).toList(),
                prompt / 4 + output, List.copyOf(reserving), payer,
                worstCase(allowed, exchange.startedAt, prompt, output, markup), asked.map(MaxOutputTokens::param));
        // A prepaid request is capped like a budgeted one: its account is one of its budgets.
        Admitted admitted = new Admitted(allowed, capped(exchange, body, spend, asked, request.budgets()));
        List<Budget> unseeded = request.budgets().stream().filter(budgets::needsSeed).toList();
        if (unseeded.isEmpty()) {
            take(request, () -> then.accept(admitted));
            return;
        }
        Context context = Vertx.currentContext();
        CompletableFuture.allOf(unseeded.stream().map(b -> seed(context.owner(), b, payer))
                        .toArray(CompletableFuture[]::new))
                .whenComplete((ok, failure) -> context.runOnContext(v -> {
                    if (exchange.ended()) {
                        return; // the client left while the ledger was read: nothing was taken
                    }
                    if (failure != null) {
                        exchange.fail(ApiError.of(ErrorKind.UNAVAILABLE, "budget_unavailable",
                                "Parley cannot read this key's budgets now; retry shortly."));
                        return;
                    }
                    take(request, () -> then.accept(admitted));
                }));
    }

    /**
     * A generation under a budget that names no maximum output is sent with the one its budgets reserved for: the
     * provider then cannot write, nor the request cost, more than was reserved. Without a budget the body stays
     * the client's, byte for byte.
     */
    private static TopLevelObject capped(Exchange exchange, TopLevelObject body, Spend spend,
                                         Optional<MaxOutputTokens> asked, List<Budget> budgets) {
        if (spend != Spend.GENERATION || asked.isPresent() || budgets.isEmpty()) {
            return body;
        }
        byte[] bytes = MaxOutputTokens.cap(exchange.protocol, body, DEFAULT_OUTPUT_TOKENS);
        return bytes == body.bytes() ? body : TopLevelObject.scan(bytes);
    }

    /** One request as the books see it. */
    private record Request(Exchange exchange, List<Limits> limits, long estimatedTokens, List<Budget> budgets,
                           Optional<Payer> payer, BigDecimal worstCase, Optional<String> maxTokensParam) {
    }

    /** The account that pays for a request, with its credit now. */
    record Payer(Account account, BigDecimal credit) {

        /**
         * The account as a budget of the book: all time, its credit for amount (none when adjustments took it below
         * zero), under the account's id, which no budget shares.
         */
        Budget budget() {
            return new Budget(account.id(), account.scope(), BudgetPeriod.TOTAL, credit.max(BigDecimal.ZERO),
                    OptionalInt.empty());
        }
    }

    /** What requests in flight hold of {@code account} now; zero when the book does not follow it yet. */
    BigDecimal held(Account account, BigDecimal credit) {
        return budgets.standing(new Payer(account, credit).budget(), Instant.now())
                .map(BudgetBook.Standing::reserved).orElse(BigDecimal.ZERO);
    }

    /** What taking a request from the books gave: its settlement, or the client's error. */
    private sealed interface Outcome permits Took, Refused {
    }

    private record Took(Settlement settlement) implements Outcome {
    }

    private record Refused(ApiError error) implements Outcome {
    }

    /**
     * Takes the request from the shared books in Redis when there are some, else (or while Redis is unavailable,
     * under the {@code open} policy) from this instance's own; under the {@code closed} policy a request Redis
     * cannot decide is refused. Then it is admitted or refused on its exchange's context.
     */
    private void take(Request request, Runnable then) {
        if (shared.isEmpty()) {
            decide(request, takeLocal(request), then);
            return;
        }
        SharedBooks books = shared.get();
        if (!books.link().up()) {
            decide(request, unavailable(books, request), then);
            return;
        }
        Context context = Vertx.currentContext();
        SharedCounters.Request counted = new SharedCounters.Request(UUID.randomUUID().toString(), request.limits(),
                request.estimatedTokens(), request.budgets(), request.worstCase(), Instant.now());
        Optional<Payer> payer = request.payer();
        books.reserve(counted, (budget, now) -> context.owner().executeBlocking(ledgerSpent(budget,
                payer.filter(p -> p.account().id().equals(budget.id())).isPresent(), now), false))
                .onComplete(reply -> context.runOnContext(v -> answered(books, request, counted, reply, then)));
    }

    /** Redis answered a reservation (or could not): decided on the exchange's context. */
    private void answered(SharedBooks books, Request request, SharedCounters.Request counted,
                          AsyncResult<SharedCounters.Reply> reply, Runnable then) {
        Outcome outcome = reply.succeeded() ? sharedOutcome(books, request, counted, reply.result())
                : unavailable(books, request);
        if (request.exchange().ended()) {
            // The client left while Redis answered: give back what was taken.
            if (outcome instanceof Took(Settlement settlement)) {
                settlement.settle(0, BigDecimal.ZERO, Instant.now());
            }
            return;
        }
        decide(request, outcome, then);
    }

    private void decide(Request request, Outcome outcome, Runnable then) {
        switch (outcome) {
            case Took(Settlement settlement) -> {
                request.exchange().admitted(settlement);
                then.run();
            }
            case Refused(ApiError error) -> request.exchange().fail(error);
        }
    }

    private Outcome sharedOutcome(SharedBooks books, Request request, SharedCounters.Request counted,
                                  SharedCounters.Reply reply) {
        Instant now = Instant.now();
        return switch (reply) {
            case SharedCounters.Taken _ -> new Took((tokens, cost, at) ->
                    books.settle(counted, tokens, cost, standings -> {
                        alerts.raise(SharedBooks.alerts(counted, standings, at));
                        request.payer().ifPresent(payer -> standings.stream()
                                .filter(st -> st.budget().id().equals(payer.account().id()))
                                .forEach(st -> st.spent().ifPresent(spent ->
                                        lowBalance(payer, spent, st.reserved(), at))));
                    }));
            case SharedCounters.OverBudget(BudgetBook.Exhausted exhausted) ->
                    new Refused(budgetError(request, exhausted, now));
            case SharedCounters.OverLimit(LimitBook.Refused refused) -> new Refused(
                    AdmissionErrors.limit(refused, request.estimatedTokens(), request.maxTokensParam(), now));
            // Still unseeded after seeding: Redis lost the keys again meanwhile; as if it were unavailable.
            case SharedCounters.Unseeded _ -> unavailable(books, request);
        };
    }

    /**
     * Redis cannot decide: the {@code open} policy takes the request from this instance's books; {@code closed}
     * refuses it when it falls under a limit or a budget (one under neither is only counted, locally).
     */
    private Outcome unavailable(SharedBooks books, Request request) {
        books.link().fellBack();
        boolean limited = !request.budgets().isEmpty() || request.limits().stream().anyMatch(l -> l.rpm().isPresent()
                || l.tpm().isPresent() || l.concurrency().isPresent());
        return switch (books.link().settings().onUnavailable()) {
            case OPEN -> takeLocal(request);
            case CLOSED -> limited ? new Refused(ApiError.of(ErrorKind.UNAVAILABLE, "limits_unavailable",
                    "Parley cannot check this key's limits and budgets now; retry shortly.")) : takeLocal(request);
        };
    }

    private static ApiError budgetError(Request request, BudgetBook.Exhausted exhausted, Instant now) {
        boolean account = request.payer().filter(p -> p.account().id().equals(exhausted.budget().id())).isPresent();
        return account ? AdmissionErrors.balance(exhausted) : AdmissionErrors.budget(exhausted, now);
    }

    /**
     * Budgets first, then limits, each all or nothing, in this instance's books: a request refused by a limit gives
     * its budget reservation back, which leaves nothing behind, whereas a request refused by a budget after its
     * limits would have used a place in the minute.
     */
    private Outcome takeLocal(Request request) {
        Instant now = Instant.now();
        BudgetBook.Hold hold;
        switch (budgets.reserve(request.budgets(), request.worstCase(), now)) {
            case BudgetBook.Exhausted exhausted -> {
                return new Refused(budgetError(request, exhausted, now));
            }
            case BudgetBook.Reserved reserved -> hold = reserved.hold();
        }
        LimitBook.Ticket ticket;
        switch (limits.admit(request.limits(), request.estimatedTokens(), now)) {
            case LimitBook.Refused refused -> {
                hold.settle(BigDecimal.ZERO, now);
                return new Refused(AdmissionErrors.limit(refused, request.estimatedTokens(), request.maxTokensParam(),
                        now));
            }
            case LimitBook.Admitted admitted -> ticket = admitted.ticket();
        }
        return new Took((tokens, cost, at) -> {
            ticket.settle(tokens, at);
            alerts.raise(hold.settle(cost, at));
            request.payer().ifPresent(payer -> lowBalance(payer, at));
        });
    }

    /**
     * Raises the account's low-balance alert when what is left of its credit (charged and held by requests in flight
     * taken off) is below its threshold: once, until its credit changes.
     */
    private void lowBalance(Payer payer, Instant now) {
        budgets.standing(payer.budget(), now).ifPresent(standing ->
                lowBalance(payer, standing.spent(), standing.reserved(), now));
    }

    private void lowBalance(Payer payer, BigDecimal charged, BigDecimal held, Instant now) {
        Optional<BigDecimal> threshold = payer.account().alertBelow();
        if (threshold.isEmpty()) {
            return;
        }
        BigDecimal left = payer.credit().subtract(charged).subtract(held);
        if (left.compareTo(threshold.get()) < 0
                && lowAlerted.add(payer.account().id() + "@" + payer.credit().toPlainString())) {
            alerts.lowBalance(payer.account(), payer.credit(), left, now);
        }
    }

    /**
     * Reads a budget's spend in its current window from the ledger, off the event loop, once for every waiter: for
     * the paying account, what the ledger charged it.
     */
    private CompletableFuture<Void> seed(Vertx vertx, Budget budget, Optional<Payer> payer) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = seeding.putIfAbsent(budget.id(), mine);
        if (running != null) {
            return running;
        }
        Instant now = Instant.now();
        // Started outside the map's update: the read may complete, and its handler run, before this call returns.
        boolean account = payer.filter(p -> p.account().id().equals(budget.id())).isPresent();
        vertx.executeBlocking(ledgerSpent(budget, account, now), false).onComplete(read -> {
            if (read.succeeded()) {
                budgets.track(budget, read.result(), now);
            }
            seeding.remove(budget.id(), mine);
            if (read.succeeded()) {
                mine.complete(null);
            } else {
                mine.completeExceptionally(read.cause());
            }
        });
        return mine;
    }

    /** What the ledger says {@code budget} spent in the window {@code now} falls in; an account's charges. */
    private Callable<BigDecimal> ledgerSpent(Budget budget, boolean account, Instant now) {
        return account
                ? () -> directory.ports().orElseThrow().balances().charged(budget.id())
                : () -> directory.ports().orElseThrow().store().spent(budget.scope(), budget.period().windowStart(now));
    }

    private static boolean withinMaxTokens(Exchange exchange, Optional<MaxOutputTokens> asked, OptionalInt max) {
        if (max.isEmpty()) {
            return true;
        }
        Optional<ApiError> error = AdmissionErrors.maxTokens(exchange.protocol, asked, max.getAsInt());
        error.ifPresent(exchange::fail);
        return error.isEmpty();
    }

    /**
     * The routes with only the channels the rules allow; a route left with none is dropped, and so is a fallback
     * to a model the key may not use (a team kept to small models is not served by a large one).
     */
    static List<Route> allowedRoutes(List<Route> chain, EffectiveAccess access) {
        List<Route> allowed = new ArrayList<>();
        for (Route route : chain) {
            if (!access.allowsModel(route.model())) {
                continue;
            }
            List<Channel> channels = route.channels().stream()
                    .filter(c -> access.allowsChannel(c.provider().name(), c.region())).toList();
            if (!channels.isEmpty()) {
                allowed.add(channels.size() == route.channels().size() ? route : new Route(route.model(), channels));
            }
        }
        return List.copyOf(allowed);
    }

    /**
     * The most the request can cost on any channel it may be sent to (a retry may go to another): priced at its
     * start, with the request's markup. A channel without a price costs nothing, as its ledger row will.
     */
    private BigDecimal worstCase(List<Route> routes, Instant at, long prompt, long output, Markup markup) {
        Pricer prices = pricer.get();
        return routes.stream().flatMap(r -> r.channels().stream())
                .flatMap(c -> prices.worstCase(c.provider().name(), c.upstreamModel(), at, prompt, output, markup).stream())
                .map(Cost::total).max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
    }

    /** The scopes a request is counted in: its key, project, team and, for a member's key, its member. */
    private static List<Scope> scopes(Attribution who) {
        List<Scope> scopes = new ArrayList<>();
        for (ScopeKind kind : ScopeKind.values()) {
            who.id(kind).ifPresent(id -> scopes.add(new Scope(kind, id)));
        }
        return scopes;
    }

    /** A scope without limits is still counted, so that a limit set later sees the requests in flight. */
    private static Limits limitsOf(TenancySnapshot snapshot, Scope scope) {
        return snapshot.limits(scope).orElseGet(() -> new Limits(scope, OptionalInt.empty(), OptionalLong.empty(),
                OptionalInt.empty()));
    }

    /** How long until {@code at}, at least a second (a Retry-After of 0 would invite an immediate retry). */
    static Duration until(Instant now, Instant at) {
        Duration left = Duration.between(now, at);
        return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }
}
