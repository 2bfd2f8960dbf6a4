package dev.parley.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatementTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Account ACCOUNT = new Account("acct_t", new Scope(ScopeKind.TEAM, "t"), T0, Optional.empty());
    private static final LocalDate NOV = LocalDate.parse("2026-11-01");
    private static final LocalDate DEC = LocalDate.parse("2026-12-01");

    private static Order order(String id, OrderKind kind, String amount) {
        return new Order(id, ACCOUNT.id(), kind, new BigDecimal(amount), "master", "why", Optional.empty(), T0);
    }

    private static DailyCharge charge(String day, String model, String amount, long requests) {
        return new DailyCharge(LocalDate.parse(day), model, new BigDecimal(amount), requests);
    }

    @Test
    void theClosingBalanceIsTheOpeningPlusTheOrdersMinusTheCharges() {
        Statement statement = new Statement(ACCOUNT, NOV, DEC, new BigDecimal("10"),
                List.of(order("o1", OrderKind.TOP_UP, "50"), order("o2", OrderKind.ADJUSTMENT, "-0.5")),
                List.of(charge("2026-11-02", "gpt", "1.0000000001", 3), charge("2026-11-02", "claude", "2", 1),
                        charge("2026-11-30", "gpt", "0.25", 2)));

        assertThat(statement.ordered()).isEqualByComparingTo("49.5");
        assertThat(statement.charged()).isEqualByComparingTo("3.2500000001");
        assertThat(statement.requests()).isEqualTo(6);
        assertThat(statement.closing()).isEqualByComparingTo("56.2499999999");
        assertThat(statement.byDay()).containsExactly(
                new Statement.Subtotal("2026-11-02", new BigDecimal("3.0000000001"), 4),
                new Statement.Subtotal("2026-11-30", new BigDecimal("0.25"), 2));
        assertThat(statement.byModel()).containsExactly(
                new Statement.Subtotal("claude", new BigDecimal("2"), 1),
                new Statement.Subtotal("gpt", new BigDecimal("1.2500000001"), 5));
    }

    @Test
    void anEmptyPeriodClosesAtItsOpening() {
        Statement statement = new Statement(ACCOUNT, NOV, DEC, new BigDecimal("-1.5"), List.of(), List.of());

        assertThat(statement.closing()).isEqualByComparingTo("-1.5");
        assertThat(statement.byDay()).isEmpty();
    }

    @Test
    void chargesOutsideThePeriodAndEmptyPeriodsAreRefused() {
        assertThatThrownBy(() -> new Statement(ACCOUNT, NOV, NOV, BigDecimal.ZERO, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Statement(ACCOUNT, NOV, DEC, BigDecimal.ZERO, List.of(),
                List.of(charge("2026-12-01", "gpt", "1", 1)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Statement(ACCOUNT, NOV, DEC, BigDecimal.ZERO, List.of(),
                List.of(charge("2026-10-31", "gpt", "1", 1)))).isInstanceOf(IllegalArgumentException.class);
    }
}
