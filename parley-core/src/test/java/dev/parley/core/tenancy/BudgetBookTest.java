package dev.parley.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** {@link BudgetBook} one request at a time: reservation, settlement, seeding, windows and soft-threshold alerts. */
class BudgetBookTest {

    private static final Instant T0 = Instant.parse("2026-11-24T03:00:00Z");

    static Budget budget(String id, ScopeKind kind, BudgetPeriod period, String amount) {
        return new Budget(id, new Scope(kind, id + "-scope"), period, new BigDecimal(amount), OptionalInt.empty());
    }

    static Budget withAlert(Budget budget, int percent) {
        return new Budget(budget.id(), budget.scope(), budget.period(), budget.amount(), OptionalInt.of(percent));
    }

    static BudgetBook.Hold reserved(BudgetBook.Reservation reservation) {
        assertThat(reservation).isInstanceOf(BudgetBook.Reserved.class);
        return ((BudgetBook.Reserved) reservation).hold();
    }

    static BudgetBook.Exhausted exhausted(BudgetBook.Reservation reservation) {
        assertThat(reservation).isInstanceOf(BudgetBook.Exhausted.class);
        return (BudgetBook.Exhausted) reservation;
    }

    private static BigDecimal usd(String amount) {
        return new BigDecimal(amount);
    }

    @Test
    void reservationsFillTheBudgetExactlyAndNoFurther() {
        BudgetBook book = new BudgetBook();
        Budget budget = budget("b", ScopeKind.KEY, BudgetPeriod.TOTAL, "1.00");
        for (int i = 0; i < 4; i++) {
            reserved(book.reserve(List.of(budget), usd("0.25"), T0));
        }

        BudgetBook.Exhausted fifth = exhausted(book.reserve(List.of(budget), usd("0.25"), T0));

        assertThat(fifth.budget()).isEqualTo(budget);
        assertThat(fifth.spent()).isEqualByComparingTo("0");
        assertThat(fifth.reserved()).isEqualByComparingTo("1.00");
        assertThat(fifth.amount()).isEqualByComparingTo("1.00");
        assertThat(fifth.asked()).isEqualByComparingTo("0.25");
        assertThat(fifth.windowEnd()).isEmpty();
    }

    @Test
    void settlingReplacesTheReservationByTheRealCost() {
        BudgetBook book = new BudgetBook();
        Budget budget = budget("b", ScopeKind.PROJECT, BudgetPeriod.MONTH, "1.00");
        BudgetBook.Hold hold = reserved(book.reserve(List.of(budget), usd("0.60"), T0));
        exhausted(book.reserve(List.of(budget), usd("0.60"), T0));

        hold.settle(usd("0.15"), T0);

        assertThat(book.standing(budget, T0)).contains(new BudgetBook.Standing(Instant.parse("2026-11-01T00:00:00Z"),
                usd("0.15"), usd("0.00")));
        reserved(book.reserve(List.of(budget), usd("0.85"), T0));
        assertThat(exhausted(book.reserve(List.of(budget), usd("0.0000000001"), T0)).windowEnd())
                .contains(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void aHoldSettlesOnce() {
        BudgetBook book = new BudgetBook();
        Budget budget = withAlert(budget("b", ScopeKind.KEY, BudgetPeriod.TOTAL, "1.00"), 50);
        BudgetBook.Hold hold = reserved(book.reserve(List.of(budget), usd("0.60"), T0));

        assertThat(hold.settle(usd("0.60"), T0)).hasSize(1);
        assertThat(hold.settle(usd("0.60"), T0)).isEmpty();

        assertThat(book.standing(budget, T0).orElseThrow().spent()).isEqualByComparingTo("0.60");
        assertThat(book.standing(budget, T0).orElseThrow().reserved()).isEqualByComparingTo("0");
    }

    @Test
    void aReservationIsAllOrNothingAcrossBudgets() {
        BudgetBook book = new BudgetBook();
        Budget key = budget("key", ScopeKind.KEY, BudgetPeriod.TOTAL, "5.00");
        Budget team = budget("team", ScopeKind.TEAM, BudgetPeriod.DAY, "0.50");
        book.track(team, usd("0.40"), T0);

        BudgetBook.Exhausted refused = exhausted(book.reserve(List.of(key, team), usd("0.20"), T0));

        assertThat(refused.budget()).isEqualTo(team);
        assertThat(refused.spent()).isEqualByComparingTo("0.40");
        assertThat(refused.windowEnd()).contains(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(book.standing(key, T0).orElseThrow().reserved()).isEqualByComparingTo("0");
        reserved(book.reserve(List.of(key, team), usd("0.10"), T0));
    }

    @Test
    void aSpentBudgetRefusesEvenARequestThatCostsNothing() {
        BudgetBook book = new BudgetBook();
        Budget budget = budget("b", ScopeKind.MEMBER, BudgetPeriod.TOTAL, "0.00");

        assertThat(exhausted(book.reserve(List.of(budget), BigDecimal.ZERO, T0)).asked()).isEqualByComparingTo("0");
    }

    @Test
    void theLedgerSeedsABudgetOnceAndTheBookKeepsItsOwnFigureAfter() {
        BudgetBook book = new BudgetBook();
        Budget budget = budget("b", ScopeKind.TEAM, BudgetPeriod.DAY, "1.00");
        assertThat(book.needsSeed(budget)).isTrue();

        assertThat(book.track(budget, usd("0.70"), T0)).isTrue();
        reserved(book.reserve(List.of(budget), usd("0.30"), T0)).settle(usd("0.10"), T0);
        // A second seed read before that settlement reached the ledger must not replace the book's figure.
        assertThat(book.track(budget, usd("0.70"), T0)).isFalse();

        assertThat(book.needsSeed(budget)).isFalse();
        assertThat(book.standing(budget, T0).orElseThrow().spent()).isEqualByComparingTo("0.80");
    }

    @Test
    void aChangedPeriodIsSeededAgainAndAChangedAmountTakesEffectAtOnce() {
        BudgetBook book = new BudgetBook();
        Budget daily = budget("b", ScopeKind.KEY, BudgetPeriod.DAY, "1.00");
        book.track(daily, usd("0.50"), T0);
        Budget lowered = new Budget("b", daily.scope(), BudgetPeriod.DAY, usd("0.50"), OptionalInt.empty());

        exhausted(book.reserve(List.of(lowered), usd("0.01"), T0));

        Budget monthly = new Budget("b", daily.scope(), BudgetPeriod.MONTH, usd("1.00"), OptionalInt.empty());
        assertThat(book.needsSeed(monthly)).isTrue();
        book.track(monthly, usd("0.90"), T0);
        assertThat(book.standing(monthly, T0).orElseThrow().spent()).isEqualByComparingTo("0.90");
    }

    @Test
    void aNewWindowStartsAtZeroAndAHoldFromTheLastOneDoesNotCountInIt() {
        BudgetBook book = new BudgetBook();
        Budget budget = budget("b", ScopeKind.KEY, BudgetPeriod.DAY, "1.00");
        book.track(budget, usd("0.90"), T0);
        BudgetBook.Hold late = reserved(book.reserve(List.of(budget), usd("0.10"), T0));
        exhausted(book.reserve(List.of(budget), usd("0.10"), T0));

        Instant tomorrow = Instant.parse("2026-11-25T00:00:00Z");
        reserved(book.reserve(List.of(budget), usd("1.00"), tomorrow)).settle(usd("0.40"), tomorrow);
        late.settle(usd("0.10"), tomorrow);

        BudgetBook.Standing standing = book.standing(budget, tomorrow).orElseThrow();
        assertThat(standing.windowStart()).isEqualTo(tomorrow);
        assertThat(standing.spent()).isEqualByComparingTo("0.40");
        assertThat(standing.reserved()).isEqualByComparingTo("0");
    }

    @Test
    void theSoftThresholdAlertsOncePerWindow() {
        BudgetBook book = new BudgetBook();
        Budget budget = withAlert(budget("b", ScopeKind.TEAM, BudgetPeriod.DAY, "1.00"), 80);

        assertThat(reserved(book.reserve(List.of(budget), usd("0.50"), T0)).settle(usd("0.50"), T0)).isEmpty();
        List<BudgetAlert> crossed = reserved(book.reserve(List.of(budget), usd("0.35"), T0)).settle(usd("0.30"), T0);
        assertThat(reserved(book.reserve(List.of(budget), usd("0.05"), T0)).settle(usd("0.05"), T0)).isEmpty();

        assertThat(crossed).containsExactly(new BudgetAlert(budget, Instant.parse("2026-11-24T00:00:00Z"), 80,
                usd("0.80"), T0));
        Instant tomorrow = Instant.parse("2026-11-25T01:00:00Z");
        assertThat(reserved(book.reserve(List.of(budget), usd("0.90"), tomorrow)).settle(usd("0.90"), tomorrow))
                .extracting(BudgetAlert::windowStart).containsExactly(Instant.parse("2026-11-25T00:00:00Z"));
    }

    @Test
    void aBudgetSeededPastItsThresholdDoesNotAlertAgain() {
        BudgetBook book = new BudgetBook();
        Budget budget = withAlert(budget("b", ScopeKind.KEY, BudgetPeriod.TOTAL, "1.00"), 50);
        book.track(budget, usd("0.60"), T0);

        assertThat(reserved(book.reserve(List.of(budget), usd("0.10"), T0)).settle(usd("0.10"), T0)).isEmpty();
    }

    @Test
    void aBudgetListedTwiceIsReservedOnce() {
        BudgetBook book = new BudgetBook();
        Budget budget = budget("b", ScopeKind.KEY, BudgetPeriod.TOTAL, "1.00");

        reserved(book.reserve(List.of(budget, budget), usd("0.60"), T0));

        assertThat(book.standing(budget, T0).map(BudgetBook.Standing::reserved)).isEqualTo(Optional.of(usd("0.60")));
    }
}
