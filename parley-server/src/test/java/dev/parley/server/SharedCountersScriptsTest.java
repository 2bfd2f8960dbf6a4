package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.config.RedisSettings;
import dev.parley.core.tenancy.Budget;
import dev.parley.core.tenancy.BudgetBook;
import dev.parley.core.tenancy.BudgetPeriod;
import dev.parley.core.tenancy.LimitBook;
import dev.parley.core.tenancy.LimitKind;
import dev.parley.core.tenancy.Limits;
import dev.parley.core.tenancy.Scope;
import dev.parley.core.tenancy.ScopeKind;
import dev.parley.core.tenancy.SharedCounters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Lua scripts of the shared books against the machine's Redis (127.0.0.1:6379), each test under a key prefix
 * of its own: all or none, settled once, every key with a TTL, Redis's clock, seeding from the ledger.
 */
class SharedCountersScriptsTest {

    private static final String URL = "redis://127.0.0.1:6379/0";

    private Vertx vertx;
    private RedisLink link;
    private String prefix;
    private SharedCounters counters;

    @BeforeEach
    void connect() {
        vertx = Vertx.vertx();
        prefix = "parley-test-" + UUID.randomUUID() + ":";
        link = new RedisLink(vertx, new RedisSettings(URL, prefix, RedisSettings.OnUnavailable.OPEN, Duration.ofSeconds(10)));
        await().atMost(Duration.ofSeconds(10)).until(link::up);
        counters = new SharedCounters(prefix);
    }

    @AfterEach
    void clean() throws Exception {
        List<String> keys = get(link.send(Request.cmd(Command.KEYS).arg(prefix + "*")).map(r -> {
            List<String> names = new ArrayList<>();
            r.forEach(k -> names.add(k.toString()));
            return names;
        }));
        if (!keys.isEmpty()) {
            Request del = Request.cmd(Command.DEL);
            keys.forEach(del::arg);
            get(link.send(del));
        }
        link.close();
        get(vertx.close());
    }

    private static Limits limits(String id, int rpm, long tpm, int concurrency) {
        return new Limits(new Scope(ScopeKind.KEY, id), rpm < 0 ? OptionalInt.empty() : OptionalInt.of(rpm),
                tpm < 0 ? OptionalLong.empty() : OptionalLong.of(tpm),
                concurrency < 0 ? OptionalInt.empty() : OptionalInt.of(concurrency));
    }

    private static Budget budget(String id, String amount, int alertPercent) {
        return new Budget(id, new Scope(ScopeKind.TEAM, "t-" + id), BudgetPeriod.DAY, new BigDecimal(amount),
                alertPercent < 0 ? OptionalInt.empty() : OptionalInt.of(alertPercent));
    }

    private SharedCounters.Request request(List<Limits> limits, long estimate, List<Budget> budgets, String worstCase) {
        return new SharedCounters.Request(UUID.randomUUID().toString(), limits, estimate, budgets,
                new BigDecimal(worstCase), Instant.now());
    }

    private SharedCounters.Reply reserve(SharedCounters.Request request) throws Exception {
        return counters.reply(request, get(link.eval(RedisLink.Script.RESERVE, counters.reserve(request))));
    }

    private List<String> settle(SharedCounters.Request request, long tokens, String cost) throws Exception {
        return get(link.eval(RedisLink.Script.SETTLE, counters.settle(request, tokens, new BigDecimal(cost))));
    }

    private void seed(Budget budget, String spent) throws Exception {
        get(link.eval(RedisLink.Script.SEED, counters.seed(Map.of(budget, new BigDecimal(spent)), Instant.now())));
    }

    private long count(String command, String key) throws Exception {
        return get(link.send(Request.cmd(Command.create(command)).arg(key))).toLong();
    }

    private long pttl(String key) throws Exception {
        return count("PTTL", key);
    }

    private String limitKey(String id) {
        return prefix + "lim:key:" + id;
    }

    private static <T> T get(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void allOrNoneAcrossScopes() throws Exception {
        Limits open = limits("open", 100, -1, -1);
        Limits one = limits("one", 1, -1, -1);
        assertThat(reserve(request(List.of(open, one), 10, List.of(), "0"))).isInstanceOf(SharedCounters.Taken.class);
        SharedCounters.Reply refused = reserve(request(List.of(open, one), 10, List.of(), "0"));
        assertThat(refused).isInstanceOfSatisfying(SharedCounters.OverLimit.class, over -> {
            assertThat(over.refused().scope()).isEqualTo(one.scope());
            assertThat(over.refused().limit()).isEqualTo(LimitKind.RPM);
            assertThat(over.refused().value()).isEqualTo(1);
        });
        // The refused request took nothing in the scope that had room.
        assertThat(count("ZCARD", limitKey("open") + ":req")).isEqualTo(1);
        assertThat(count("ZCARD", limitKey("open") + ":fly")).isEqualTo(1);
    }

    @Test
    void aRefusedLimitHoldsNoBudget() throws Exception {
        Budget b = budget("b-none", "10", -1);
        seed(b, "0");
        Limits full = limits("full", -1, -1, 0);
        SharedCounters.Request r = request(List.of(full), 10, List.of(b), "1");
        assertThat(reserve(r)).isInstanceOf(SharedCounters.OverLimit.class);
        assertThat(count("ZCARD", counters.reserve(r).keys().get(4))).isZero();
    }

    @Test
    void settlesOnceAndBooksWhatWasUsed() throws Exception {
        Budget b = budget("b-once", "10", -1);
        seed(b, "1");
        Limits l = limits("once", -1, 1000, 1);
        SharedCounters.Request r = request(List.of(l), 100, List.of(b), "2");
        assertThat(reserve(r)).isInstanceOf(SharedCounters.Taken.class);
        // The second request finds the concurrency place taken.
        assertThat(reserve(request(List.of(l), 100, List.of(b), "2"))).isInstanceOf(SharedCounters.OverLimit.class);
        assertThat(SharedCounters.settled(settle(r, 40, "0.5"))).isTrue();
        assertThat(SharedCounters.settled(settle(r, 40, "0.5"))).isFalse();
        assertThat(count("ZCARD", limitKey("once") + ":fly")).isZero();
        assertThat(count("ZCARD", limitKey("once") + ":tok")).isEqualTo(1);
        String budgetKey = counters.reserve(r).keys().get(3);
        assertThat(get(link.send(Request.cmd(Command.HGET).arg(budgetKey).arg("spent"))).toString())
                .isEqualTo(Long.toString(SharedCounters.units(new BigDecimal("1.5"), java.math.RoundingMode.UNNECESSARY)));
        assertThat(count("ZCARD", budgetKey + ":holds")).isZero();
    }

    @Test
    void everyKeyExpires() throws Exception {
        Budget b = budget("b-ttl", "10", -1);
        seed(b, "0");
        SharedCounters.Request r = request(List.of(limits("ttl", 10, 10_000, 5)), 100, List.of(b), "1");
        assertThat(reserve(r)).isInstanceOf(SharedCounters.Taken.class);
        SharedCounters.Request other = request(List.of(limits("ttl", 10, 10_000, 5)), 100, List.of(b), "1");
        assertThat(reserve(other)).isInstanceOf(SharedCounters.Taken.class);
        settle(other, 50, "0.1");
        for (String key : counters.reserve(r).keys()) {
            assertThat(pttl(key)).as(key).isPositive().isLessThanOrEqualTo(SharedCounters.LEASE.toMillis());
        }
        assertThat(pttl(counters.reserve(r).keys().get(3)))
                .isLessThanOrEqualTo(SharedCounters.RESEED_AFTER.toMillis());
    }

    @Test
    void windowsRunOnRedisTime() throws Exception {
        long before = redisMillis();
        SharedCounters.Request r = request(List.of(limits("clock", 1, -1, -1)), 1, List.of(), "0");
        SharedCounters.Reply taken = reserve(r);
        long after = redisMillis();
        assertThat(taken).isInstanceOfSatisfying(SharedCounters.Taken.class, t ->
                assertThat(t.at().toEpochMilli()).isBetween(before, after));
        SharedCounters.Reply refused = reserve(request(List.of(limits("clock", 1, -1, -1)), 1, List.of(), "0"));
        assertThat(refused).isInstanceOfSatisfying(SharedCounters.OverLimit.class, over ->
                assertThat(over.refused().retryAt()).contains(((SharedCounters.Taken) taken).at().plus(LimitBook.WINDOW)));
    }

    @Test
    void tokensPerMinuteCountEstimatesAndUse() throws Exception {
        Limits tpm = limits("tpm", -1, 1000, -1);
        SharedCounters.Request first = request(List.of(tpm), 600, List.of(), "0");
        assertThat(reserve(first)).isInstanceOf(SharedCounters.Taken.class);
        assertThat(reserve(request(List.of(tpm), 600, List.of(), "0"))).isInstanceOf(SharedCounters.OverLimit.class);
        settle(first, 100, "0");
        assertThat(reserve(request(List.of(tpm), 600, List.of(), "0"))).isInstanceOf(SharedCounters.Taken.class);
        // An estimate alone above the limit: waiting cannot help.
        assertThat(reserve(request(List.of(tpm), 2000, List.of(), "0"))).isInstanceOfSatisfying(
                SharedCounters.OverLimit.class, over -> assertThat(over.refused().retryAt()).isEmpty());
    }

    @Test
    void anUnseededBudgetAsksForTheLedgerAndIsSeededOnce() throws Exception {
        Budget b = budget("b-seed", "1", 50);
        SharedCounters.Request r = request(List.of(), 0, List.of(b), "0.3");
        assertThat(reserve(r)).isEqualTo(new SharedCounters.Unseeded(List.of(b)));
        seed(b, "0.6");
        seed(b, "0"); // another replica's later seed changes nothing
        assertThat(reserve(r)).isInstanceOf(SharedCounters.Taken.class);
        SharedCounters.Reply exhausted = reserve(request(List.of(), 0, List.of(b), "0.3"));
        assertThat(exhausted).isInstanceOfSatisfying(SharedCounters.OverBudget.class, over -> {
            BudgetBook.Exhausted e = over.exhausted();
            assertThat(e.spent()).isEqualByComparingTo("0.6");
            assertThat(e.reserved()).isEqualByComparingTo("0.3");
            assertThat(e.asked()).isEqualByComparingTo("0.3");
            assertThat(e.windowEnd()).isPresent();
        });
        // Seeded past its threshold: that was alerted about before; no alert now.
        assertThat(counters.crossed(r, settle(r, 0, "0.1"))).isEmpty();
    }

    @Test
    void aThresholdIsCrossedOncePerWindow() throws Exception {
        Budget b = budget("b-alert", "1", 50);
        seed(b, "0.4");
        SharedCounters.Request r1 = request(List.of(), 0, List.of(b), "0.2");
        SharedCounters.Request r2 = request(List.of(), 0, List.of(b), "0.2");
        reserve(r1);
        reserve(r2);
        assertThat(counters.crossed(r1, settle(r1, 0, "0.15"))).singleElement().satisfies(c -> {
            assertThat(c.budget()).isEqualTo(b);
            assertThat(c.spent()).isEqualByComparingTo("0.55");
        });
        List<String> last = settle(r2, 0, "0.15");
        assertThat(counters.crossed(r2, last)).isEmpty();
        assertThat(counters.standings(r2, last)).containsExactly(new SharedCounters.Standing(b,
                java.util.Optional.of(new BigDecimal("0.7")), BigDecimal.ZERO, false));
    }

    @Test
    void anUnreachableRedisIsDownAndCallsFailAtOnce() throws Exception {
        RedisLink nowhere = new RedisLink(vertx, new RedisSettings("redis://127.0.0.1:1/0", prefix,
                RedisSettings.OnUnavailable.OPEN, Duration.ofMillis(200)));
        try {
            nowhere.awaitFirstProbe(Duration.ofSeconds(5));
            assertThat(nowhere.up()).isFalse();
            SharedCounters.Request r = request(List.of(limits("x", 1, -1, -1)), 1, List.of(), "0");
            assertThat(nowhere.eval(RedisLink.Script.RESERVE, counters.reserve(r)).failed()).isTrue();
        } finally {
            nowhere.close();
        }
    }

    private long redisMillis() throws Exception {
        Response time = get(link.send(Request.cmd(Command.TIME)));
        return Long.parseLong(time.get(0).toString()) * 1000 + Long.parseLong(time.get(1).toString()) / 1000;
    }
}
