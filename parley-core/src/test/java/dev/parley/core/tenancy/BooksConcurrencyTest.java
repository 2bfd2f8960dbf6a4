package dev.parley.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Both books under 64 threads released at once: the exact number of requests is admitted, no limit or budget is
 * ever passed, and a ticket or hold settled from every thread at once settles exactly once.
 */
class BooksConcurrencyTest {

    private static final int THREADS = 64;
    private static final Instant T0 = Instant.parse("2026-11-24T03:00:00Z");
    private static final Scope KEY = new Scope(ScopeKind.KEY, "k");
    private static final Scope PROJECT = new Scope(ScopeKind.PROJECT, "p");
    private static final Scope TEAM = new Scope(ScopeKind.TEAM, "t");
    private static final Scope MEMBER = new Scope(ScopeKind.MEMBER, "m");

    /** Runs {@code work} on 64 threads started together; returns once all are done, rethrowing any failure. */
    private static void together(Runnable work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                done.add(pool.submit(() -> {
                    start.await();
                    work.run();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void exactlyTheRequestsPerMinuteOfTheNarrowestScopeAreAdmitted() throws Exception {
        LimitBook book = new LimitBook();
        List<Limits> limits = List.of(
                new Limits(KEY, OptionalInt.of(300), OptionalLong.empty(), OptionalInt.empty()),
                new Limits(PROJECT, OptionalInt.of(100), OptionalLong.empty(), OptionalInt.empty()),
                new Limits(TEAM, OptionalInt.of(500), OptionalLong.empty(), OptionalInt.empty()),
                new Limits(MEMBER, OptionalInt.empty(), OptionalLong.empty(), OptionalInt.empty()));
        AtomicInteger admitted = new AtomicInteger();

        together(() -> {
            for (int i = 0; i < 10; i++) {
                if (book.admit(limits, 0, T0.plusMillis(i)) instanceof LimitBook.Admitted) {
                    admitted.incrementAndGet();
                }
            }
        });

        assertThat(admitted).hasValue(100);
        assertThat(book.requestsInWindow(KEY, T0.plusSeconds(1))).isEqualTo(100);
        assertThat(book.requestsInWindow(MEMBER, T0.plusSeconds(1))).isEqualTo(100);
    }

    @Test
    void exactlyTheTokensPerMinuteAreReserved() throws Exception {
        LimitBook book = new LimitBook();
        List<Limits> limits = List.of(new Limits(KEY, OptionalInt.empty(), OptionalLong.of(1000), OptionalInt.empty()));
        AtomicInteger admitted = new AtomicInteger();

        together(() -> {
            for (int i = 0; i < 10; i++) {
                if (book.admit(limits, 7, T0) instanceof LimitBook.Admitted) {
                    admitted.incrementAndGet();
                }
            }
        });

        assertThat(admitted).hasValue(1000 / 7);
        assertThat(book.tokensInWindow(KEY, T0)).isEqualTo(1000 / 7 * 7);
    }

    @Test
    void requestsInFlightNeverPassTheConcurrencyOfAnyScope() throws Exception {
        LimitBook book = new LimitBook();
        List<Limits> limits = List.of(
                new Limits(KEY, OptionalInt.empty(), OptionalLong.empty(), OptionalInt.of(5)),
                new Limits(PROJECT, OptionalInt.empty(), OptionalLong.empty(), OptionalInt.of(3)));
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();

        together(() -> {
            for (int i = 0; i < 200; i++) {
                if (book.admit(limits, 0, T0) instanceof LimitBook.Admitted(LimitBook.Ticket ticket)) {
                    admitted.incrementAndGet();
                    most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    Thread.onSpinWait();
                    inFlight.decrementAndGet();
                    ticket.settle(0, T0);
                }
            }
        });

        assertThat(most.get()).isBetween(1, 3);
        assertThat(admitted.get()).isPositive();
        assertThat(book.inFlight(KEY)).isZero();
        assertThat(book.inFlight(PROJECT)).isZero();
    }

    @Test
    void aTicketSettledFromEveryThreadAtOnceSettlesOnce() throws Exception {
        LimitBook book = new LimitBook();
        List<Limits> limits = List.of(new Limits(KEY, OptionalInt.empty(), OptionalLong.of(10_000), OptionalInt.of(1)));
        LimitBook.Ticket ticket = ((LimitBook.Admitted) book.admit(limits, 100, T0)).ticket();
        AtomicInteger settled = new AtomicInteger();

        together(() -> {
            if (ticket.settle(30, T0)) {
                settled.incrementAndGet();
            }
        });

        assertThat(settled).hasValue(1);
        assertThat(book.inFlight(KEY)).isZero();
        assertThat(book.tokensInWindow(KEY, T0)).isEqualTo(30);
    }

    @Test
    void exactlyWhatTheSmallestBudgetAllowsIsReserved() throws Exception {
        BudgetBook book = new BudgetBook();
        List<Budget> budgets = List.of(budget("key", KEY, "10.00"), budget("project", PROJECT, "1.00"),
                budget("team", TEAM, "3.00"), budget("member", MEMBER, "2.00"));
        AtomicInteger reserved = new AtomicInteger();

        together(() -> {
            for (int i = 0; i < 10; i++) {
                if (book.reserve(budgets, new BigDecimal("0.03"), T0) instanceof BudgetBook.Reserved) {
                    reserved.incrementAndGet();
                }
            }
        });

        assertThat(reserved).hasValue(33);
        for (Budget budget : budgets) {
            assertThat(book.standing(budget, T0).orElseThrow().reserved()).isEqualByComparingTo("0.99");
        }
    }

    @Test
    void spendNeverPassesABudgetWhileRequestsReserveAndSettleConcurrently() throws Exception {
        BudgetBook book = new BudgetBook();
        Budget small = new Budget("small", PROJECT, BudgetPeriod.DAY, new BigDecimal("0.50"), OptionalInt.of(80));
        List<Budget> budgets = List.of(small, budget("team", TEAM, "100"));
        AtomicReference<BigDecimal> spent = new AtomicReference<>(BigDecimal.ZERO);
        ConcurrentLinkedQueue<BudgetAlert> alerts = new ConcurrentLinkedQueue<>();

        together(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < 100; i++) {
                BigDecimal worst = BigDecimal.valueOf(random.nextInt(1, 2000), 5);
                if (book.reserve(budgets, worst, T0) instanceof BudgetBook.Reserved(BudgetBook.Hold hold)) {
                    BigDecimal actual = BigDecimal.valueOf(random.nextInt(0, worst.unscaledValue().intValue() + 1), 5);
                    spent.accumulateAndGet(actual, BigDecimal::add);
                    alerts.addAll(hold.settle(actual, T0));
                }
            }
        });

        BudgetBook.Standing standing = book.standing(small, T0).orElseThrow();
        assertThat(standing.spent()).isEqualByComparingTo(spent.get());
        assertThat(standing.spent()).isLessThanOrEqualTo(small.amount());
        assertThat(standing.reserved()).isEqualByComparingTo("0");
        assertThat(alerts).hasSizeLessThanOrEqualTo(1);
        assertThat(alerts.isEmpty()).isEqualTo(standing.spent().compareTo(new BigDecimal("0.40")) < 0);
    }

    @Test
    void aHoldSettledFromEveryThreadAtOnceSettlesOnceAndAlertsOnce() throws Exception {
        BudgetBook book = new BudgetBook();
        Budget budget = new Budget("b", KEY, BudgetPeriod.TOTAL, new BigDecimal("1.00"), OptionalInt.of(50));
        BudgetBook.Hold hold = ((BudgetBook.Reserved) book.reserve(List.of(budget), new BigDecimal("0.60"), T0)).hold();
        ConcurrentLinkedQueue<BudgetAlert> alerts = new ConcurrentLinkedQueue<>();

        together(() -> alerts.addAll(hold.settle(new BigDecimal("0.60"), T0)));

        assertThat(alerts).hasSize(1);
        assertThat(book.standing(budget, T0).map(BudgetBook.Standing::spent)).isEqualTo(Optional.of(new BigDecimal("0.60")));
    }

    private static Budget budget(String id, Scope scope, String amount) {
        return new Budget(id, scope, BudgetPeriod.TOTAL, new BigDecimal(amount), OptionalInt.empty());
    }
}
