package dev.parley.server;

import dev.parley.core.tenancy.Budget;
import dev.parley.core.tenancy.BudgetAlert;
import dev.parley.core.tenancy.SharedCounters;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The limits and budgets several replicas share: each request reserved and settled by one Lua script call in Redis
 * ({@link SharedCounters} names the keys and reads the replies). A budget window Redis does not hold (first seen,
 * its seed older than {@link SharedCounters#RESEED_AFTER}, or Redis restarted) is read from the ledger, the source
 * of truth, and seeded, then the reservation is tried again.
 */
final class SharedBooks {

    private final RedisLink link;
    private final SharedCounters counters;

    SharedBooks(RedisLink link) {
        this.link = link;
        this.counters = new SharedCounters(link.settings().keyPrefix());
    }

    RedisLink link() {
        return link;
    }

    /**
     * Reserves {@code request} in Redis: taken, or refused by a budget or a limit. Fails when Redis cannot be
     * reached, or a budget cannot be seeded; {@code ledger} reads a budget's spend in its window (an account's
     * charges) off the event loop.
     */
    Future<SharedCounters.Reply> reserve(SharedCounters.Request request,
                                         BiFunction<Budget, Instant, Future<BigDecimal>> ledger) {
        return reserve(request, ledger, 2);
    }

    private Future<SharedCounters.Reply> reserve(SharedCounters.Request request,
                                                 BiFunction<Budget, Instant, Future<BigDecimal>> ledger, int seedsLeft) {
        return link.eval(RedisLink.Script.RESERVE, counters.reserve(request)).compose(raw -> {
            SharedCounters.Reply reply = counters.reply(request, raw);
            if (reply instanceof SharedCounters.Unseeded(List<Budget> budgets)) {
                if (seedsLeft == 0) {
                    return Future.failedFuture(new IllegalStateException("budgets could not be seeded in Redis"));
                }
                return seed(budgets, request.now(), ledger).compose(seeded -> reserve(request, ledger, seedsLeft - 1));
            }
            return Future.succeededFuture(reply);
        });
    }

    private Future<Void> seed(List<Budget> budgets, Instant now, BiFunction<Budget, Instant, Future<BigDecimal>> ledger) {
        Map<Budget, BigDecimal> spent = new LinkedHashMap<>();
        return Future.all(budgets.stream().map(b -> ledger.apply(b, now).onSuccess(s -> {
            synchronized (spent) {
                spent.put(b, s);
            }
        })).toList()).compose(all -> {
            Map<Budget, BigDecimal> ordered = new LinkedHashMap<>();
            budgets.forEach(b -> ordered.put(b, spent.get(b)));
            return link.eval(RedisLink.Script.SEED, counters.seed(ordered, now));
        }).mapEmpty();
    }

    /**
     * Settles {@code request} once with what it used and cost; {@code settled} hears how its budgets stand after it
     * (none when it was settled before). A settlement Redis does not receive is lost to the counters only: the
     * reservation's lease ends, and the budget is read again from the ledger.
     */
    void settle(SharedCounters.Request request, long tokens, BigDecimal cost,
                Consumer<List<SharedCounters.Standing>> settled) {
        link.eval(RedisLink.Script.SETTLE, counters.settle(request, tokens, cost))
                .onSuccess(reply -> settled.accept(counters.standings(request, reply)));
    }

    /** The budget alerts of {@code standings}: the soft thresholds crossed, in the request's window. */
    static List<BudgetAlert> alerts(SharedCounters.Request request, List<SharedCounters.Standing> standings, Instant at) {
        return standings.stream().filter(SharedCounters.Standing::crossed)
                .map(s -> new BudgetAlert(s.budget(), s.budget().period().windowStart(request.now()),
                        s.budget().alertPercent().orElseThrow(), s.spent().orElse(BigDecimal.ZERO), at))
                .toList();
    }
}
