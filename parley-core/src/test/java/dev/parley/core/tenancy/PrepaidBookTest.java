package dev.parley.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A prepaid account kept in the {@link BudgetBook} as an all-time budget whose amount is the account's credit and
 * whose spend is seeded with what the ledger charged it: under 64 threads at once, with the team's monthly budget
 * beside it, charges never pass the credit, and a top-up (the same budget with a larger amount) admits again.
 */
class PrepaidBookTest {

    private static final int THREADS = 64;
    private static final Instant T0 = Instant.parse("2026-11-24T03:00:00Z");
    private static final Scope TEAM = new Scope(ScopeKind.TEAM, "t");
    private static final Account ACCOUNT = new Account("acct_t", TEAM, T0, Optional.empty());
    private static final BigDecimal WORST = new BigDecimal("0.30");
    private static final BigDecimal ACTUAL = new BigDecimal("0.21");

    private static Budget account(String credit) {
        return new Budget(ACCOUNT.id(), ACCOUNT.scope(), BudgetPeriod.TOTAL, new BigDecimal(credit), OptionalInt.empty());
    }

    /** Each of 64 threads sends until refused; returns how many were admitted in all. */
    private static int sendUntilRefused(BudgetBook book, List<Budget> budgets) throws Exception {
        AtomicInteger admitted = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                done.add(pool.submit(() -> {
                    start.await();
                    while (book.reserve(budgets, WORST, T0) instanceof BudgetBook.Reserved reserved) {
                        admitted.incrementAndGet();
                        reserved.hold().settle(ACTUAL, T0);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }
        return admitted.get();
    }

    @Test
    void underConcurrencyChargesNeverPassTheCreditAndATopUpAdmitsAgain() throws Exception {
        BudgetBook book = new BudgetBook();
        Budget team = new Budget("bud_team", TEAM, BudgetPeriod.MONTH, new BigDecimal("1000"), OptionalInt.empty());
        // The ledger already charged $2 of a $10 credit.
        book.track(account("10"), new BigDecimal("2"), T0);

        int first = sendUntilRefused(book, List.of(team, account("10")));

        BigDecimal charged = book.standing(account("10"), T0).orElseThrow().spent();
        assertThat(charged).isEqualByComparingTo(new BigDecimal("2").add(ACTUAL.multiply(BigDecimal.valueOf(first))));
        assertThat(charged).isLessThanOrEqualTo(new BigDecimal("10"));
        assertThat(book.standing(account("10"), T0).orElseThrow().reserved()).isZero();
        // Nothing in flight: refused only because less than a worst case is left.
        assertThat(new BigDecimal("10").subtract(charged)).isLessThan(WORST);
        assertThat(book.reserve(List.of(account("10")), WORST, T0)).isInstanceOf(BudgetBook.Exhausted.class);

        int second = sendUntilRefused(book, List.of(team, account("15")));

        BigDecimal after = book.standing(account("15"), T0).orElseThrow().spent();
        assertThat(second).isPositive();
        assertThat(after).isEqualByComparingTo(charged.add(ACTUAL.multiply(BigDecimal.valueOf(second))));
        assertThat(after).isLessThanOrEqualTo(new BigDecimal("15"));
        assertThat(book.standing(team, T0).orElseThrow().spent()).isEqualByComparingTo(
                ACTUAL.multiply(BigDecimal.valueOf(first + second)));
    }

    @Test
    void aTeamBudgetThatRefusesLeavesTheAccountUntouched() {
        BudgetBook book = new BudgetBook();
        Budget team = new Budget("bud_team", TEAM, BudgetPeriod.DAY, new BigDecimal("0.1"), OptionalInt.empty());
        book.track(account("10"), BigDecimal.ZERO, T0);

        assertThat(book.reserve(List.of(account("10"), team), WORST, T0)).isInstanceOf(BudgetBook.Exhausted.class);
        assertThat(book.standing(account("10"), T0).orElseThrow().reserved()).isZero();
    }
}
