package dev.parley.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random timelines of admissions, settlements and passing time against both books, checked after every step against
 * the plain rules: no scope holds more requests, tokens or requests in flight than its limits, no budget's spend
 * and reservations pass its amount while no request costs more than it reserved, a refusal changes nothing, a
 * settlement counts once, and a new window starts empty.
 */
class BooksPropertiesTest {

    private static final Instant T0 = Instant.parse("2026-11-24T22:00:00Z");
    private static final List<Scope> SCOPES = List.of(new Scope(ScopeKind.KEY, "k"), new Scope(ScopeKind.PROJECT, "p"),
            new Scope(ScopeKind.TEAM, "t"), new Scope(ScopeKind.MEMBER, "m"));

    /** One step: admit or reserve for a subset of the scopes (a bit mask), settle the n-th open one, or wait. */
    record Step(int kind, int mask, int amount, int pick, int settleShare, int waitSeconds) {
    }

    @Provide
    Arbitrary<List<Step>> timelines() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(1, 15), Arbitraries.integers().between(0, 400),
                Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(0, 5000)).as(Step::new);
        return step.list().ofMaxSize(120);
    }

    @Provide
    Arbitrary<List<Limits>> limits() {
        return Combinators.combine(limitsOf(SCOPES.get(0)), limitsOf(SCOPES.get(1)), limitsOf(SCOPES.get(2)),
                limitsOf(SCOPES.get(3))).as(List::of);
    }

    private static Arbitrary<Limits> limitsOf(Scope scope) {
        return Combinators.combine(Arbitraries.integers().between(1, 8).optional(),
                Arbitraries.longs().between(50, 2000).optional(),
                Arbitraries.integers().between(1, 5).optional()).as((rpm, tpm, concurrency) -> new Limits(scope,
                        rpm.map(OptionalInt::of).orElse(OptionalInt.empty()),
                        tpm.map(OptionalLong::of).orElse(OptionalLong.empty()),
                        concurrency.map(OptionalInt::of).orElse(OptionalInt.empty())));
    }

    @Property(tries = 300)
    void noScopeEverHoldsMoreThanItsLimits(@ForAll("timelines") List<Step> steps,
                                          @ForAll("limits") List<Limits> drawn) {
        Map<Scope, Limits> limits = new HashMap<>();
        drawn.forEach(l -> limits.put(l.scope(), l));
        LimitBook book = new LimitBook();
        List<LimitBook.Ticket> open = new ArrayList<>();
        Instant now = T0;
        for (Step step : steps) {
            switch (step.kind()) {
                case 0 -> {
                    List<Limits> request = chosen(step.mask()).stream()
                            .map(s -> limits.getOrDefault(s, LimitBookTest.none(s))).toList();
                    Map<Scope, Long> before = tokens(book, now);
                    if (book.admit(request, step.amount(), now) instanceof LimitBook.Admitted(LimitBook.Ticket ticket)) {
                        open.add(ticket);
                    } else {
                        assertThat(tokens(book, now)).as("a refusal takes nothing").isEqualTo(before);
                    }
                }
                case 1 -> {
                    if (!open.isEmpty()) {
                        LimitBook.Ticket ticket = open.remove(step.pick() % open.size());
                        long actual = ticket.estimate() * step.settleShare() / 100;
                        assertThat(ticket.settle(actual, now)).isTrue();
                        assertThat(ticket.settle(actual, now)).isFalse();
                    }
                }
                default -> now = now.plusMillis(step.waitSeconds() * 20L);
            }
            Instant at = now;
            for (Limits l : limits.values()) {
                l.rpm().ifPresent(rpm -> assertThat(book.requestsInWindow(l.scope(), at)).isLessThanOrEqualTo(rpm));
                l.concurrency().ifPresent(c -> assertThat(book.inFlight(l.scope())).isLessThanOrEqualTo(c));
                l.tpm().ifPresent(tpm -> assertThat(book.tokensInWindow(l.scope(), at)).isLessThanOrEqualTo(tpm));
            }
        }
        Instant later = now.plus(LimitBook.WINDOW);
        open.forEach(t -> t.settle(0, later));
        for (Scope scope : SCOPES) {
            assertThat(book.inFlight(scope)).isZero();
            assertThat(book.requestsInWindow(scope, later.plus(LimitBook.WINDOW))).isZero();
            assertThat(book.tokensInWindow(scope, later.plus(LimitBook.WINDOW))).isZero();
        }
    }

    @Property(tries = 300)
    void noBudgetIsEverPassedAndEachWindowStartsEmpty(@ForAll("timelines") List<Step> steps) {
        List<Budget> budgets = List.of(
                new Budget("day", SCOPES.get(0), BudgetPeriod.DAY, new BigDecimal("0.05"), OptionalInt.of(60)),
                new Budget("month", SCOPES.get(1), BudgetPeriod.MONTH, new BigDecimal("0.12"), OptionalInt.of(90)),
                new Budget("total", SCOPES.get(2), BudgetPeriod.TOTAL, new BigDecimal("0.20"), OptionalInt.empty()),
                new Budget("member", SCOPES.get(3), BudgetPeriod.DAY, new BigDecimal("0.08"), OptionalInt.of(10)));
        BudgetBook book = new BudgetBook();
        budgets.forEach(b -> book.track(b, BigDecimal.ZERO, T0));
        List<BudgetBook.Hold> open = new ArrayList<>();
        Set<String> alerted = new HashSet<>();
        Map<String, Instant> lastWindow = new HashMap<>();
        Instant now = T0;
        for (Step step : steps) {
            switch (step.kind()) {
                case 0 -> {
                    List<Budget> request = chosen(step.mask()).stream().map(SCOPES::indexOf).map(budgets::get).toList();
                    BigDecimal worst = BigDecimal.valueOf(step.amount(), 4);
                    if (book.reserve(request, worst, now) instanceof BudgetBook.Reserved(BudgetBook.Hold hold)) {
                        open.add(hold);
                    }
                }
                case 1 -> {
                    if (!open.isEmpty()) {
                        BudgetBook.Hold hold = open.remove(step.pick() % open.size());
                        BigDecimal actual = hold.reserved().multiply(BigDecimal.valueOf(step.settleShare(), 2));
                        for (BudgetAlert alert : hold.settle(actual, now)) {
                            assertThat(alerted.add(alert.budget().id() + "@" + alert.windowStart()))
                                    .as("one alert per budget and window").isTrue();
                            assertThat(alert.spent()).isGreaterThanOrEqualTo(alert.budget().amount()
                                    .multiply(BigDecimal.valueOf(alert.percent(), 2)));
                        }
                        assertThat(hold.settle(actual, now)).isEmpty();
                    }
                }
                default -> now = now.plus(Duration.ofMinutes(step.waitSeconds()));
            }
            for (Budget budget : budgets) {
                BudgetBook.Standing standing = book.standing(budget, now).orElseThrow();
                assertThat(standing.windowStart()).isEqualTo(budget.period().windowStart(now));
                assertThat(standing.spent().add(standing.reserved())).isLessThanOrEqualTo(budget.amount());
                assertThat(standing.reserved()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
                Instant last = lastWindow.put(budget.id(), standing.windowStart());
                if (last != null && !last.equals(standing.windowStart())) {
                    assertThat(standing.spent()).as("a new window starts empty").isEqualByComparingTo("0");
                    assertThat(standing.reserved()).as("a new window starts empty").isEqualByComparingTo("0");
                }
            }
        }
    }

    private static List<Scope> chosen(int mask) {
        List<Scope> scopes = new ArrayList<>();
        for (int i = 0; i < SCOPES.size(); i++) {
            if ((mask & (1 << i)) != 0) {
                scopes.add(SCOPES.get(i));
            }
        }
        return scopes;
    }

    private static Map<Scope, Long> tokens(LimitBook book, Instant now) {
        Map<Scope, Long> tokens = new HashMap<>();
        for (Scope scope : SCOPES) {
            tokens.put(scope, book.tokensInWindow(scope, now) * 1000 + book.inFlight(scope) * 10L
                    + book.requestsInWindow(scope, now));
        }
        return tokens;
    }
}
