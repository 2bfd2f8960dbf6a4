package dev.parley.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The pure half of the shared books: key names, script arguments, and replies read as the local books'. */
class SharedCountersTest {

    private static final Instant NOW = Instant.parse("2026-11-24T13:45:00Z");
    private final SharedCounters counters = new SharedCounters("acme:");
    private final Limits key = new Limits(new Scope(ScopeKind.KEY, "k1"), OptionalInt.of(10), OptionalLong.empty(),
            OptionalInt.of(2));
    private final Limits team = new Limits(new Scope(ScopeKind.TEAM, "t1"), OptionalInt.empty(), OptionalLong.of(5000),
            OptionalInt.empty());
    private final Budget daily = new Budget("b1", new Scope(ScopeKind.TEAM, "t1"), BudgetPeriod.DAY,
            new BigDecimal("5"), OptionalInt.of(80));
    private final SharedCounters.Request request = new SharedCounters.Request("r1", List.of(key, team), 300,
            List.of(daily, daily), new BigDecimal("0.12345678901"), NOW);

    @Test
    void keysArePrefixedPerScopePerBudgetWindowAndPerRequest() {
        long dayStart = Instant.parse("2026-11-24T00:00:00Z").toEpochMilli();
        assertThat(counters.reserve(request).keys()).containsExactly(
                "acme:lim:key:k1:req", "acme:lim:key:k1:tok", "acme:lim:key:k1:fly",
                "acme:lim:team:t1:req", "acme:lim:team:t1:tok", "acme:lim:team:t1:fly",
                "acme:bud:b1:" + dayStart, "acme:bud:b1:" + dayStart + ":holds",
                "acme:ticket:r1");
        assertThat(counters.healthChannel()).isEqualTo("acme:health");
        assertThat(counters.keyState("openai", 1, "0123abcd")).isEqualTo("acme:key:openai:1:0123abcd");
    }

    @Test
    void argumentsCarryLimitsAndMoneyInWholeUnits() {
        // The worst case is rounded up to 10⁻¹⁰ dollars, a budget listed twice counts once.
        assertThat(counters.reserve(request).args()).containsExactly("r1", Long.toString(SharedCounters.LEASE.toMillis()),
                "300", "2", "1", "1234567891", "10", "-1", "2", "-1", "5000", "-1", "50000000000");
        assertThat(counters.settle(request, 42, new BigDecimal("0.05")).args()).containsExactly("r1", "300", "42", "2",
                "1", "1234567891", "500000000", "40000000000");
        assertThat(counters.seed(Map.of(daily, new BigDecimal("1.5")), NOW).args()).containsExactly(
                Long.toString(SharedCounters.RESEED_AFTER.toMillis()), "15000000000", "40000000000");
    }

    @Test
    void repliesReadAsTheLocalBooksWould() {
        assertThat(counters.reply(request, List.of("ok", "1764000000000")))
                .isEqualTo(new SharedCounters.Taken(Instant.ofEpochMilli(1764000000000L)));
        assertThat(counters.reply(request, List.of("seed", "1"))).isEqualTo(new SharedCounters.Unseeded(List.of(daily)));
        assertThat(counters.reply(request, List.of("limit", "1", "rpm", "1764000060000"))).isEqualTo(
                new SharedCounters.OverLimit(new LimitBook.Refused(key.scope(), LimitKind.RPM, 10,
                        Optional.of(Instant.ofEpochMilli(1764000060000L)))));
        assertThat(counters.reply(request, List.of("limit", "2", "tpm", "-1"))).isEqualTo(
                new SharedCounters.OverLimit(new LimitBook.Refused(team.scope(), LimitKind.TPM, 5000, Optional.empty())));
        assertThat(counters.reply(request, List.of("budget", "1", "45000000000", "3000000000"))).isEqualTo(
                new SharedCounters.OverBudget(new BudgetBook.Exhausted(daily, new BigDecimal("4.5"), new BigDecimal("5"),
                        new BigDecimal("0.3"), new BigDecimal("0.12345678901"),
                        Optional.of(Instant.parse("2026-11-25T00:00:00Z")))));
        assertThat(counters.crossed(request, List.of("ok", "41000000000", "2000000000", "1")))
                .containsExactly(new SharedCounters.Crossed(daily, new BigDecimal("4.1")));
        assertThat(counters.standings(request, List.of("ok", "-1", "0", "0"))).containsExactly(
                new SharedCounters.Standing(daily, Optional.empty(), BigDecimal.ZERO, false));
        assertThat(SharedCounters.settled(List.of("done"))).isFalse();
    }

    @Test
    void moneyRoundTripsExactly() {
        BigDecimal amount = new BigDecimal("922337203.6854775807");
        assertThat(SharedCounters.money(Long.toString(SharedCounters.units(amount, RoundingMode.UNNECESSARY))))
                .isEqualByComparingTo(amount);
        assertThat(SharedCounters.money("0")).isEqualTo(BigDecimal.ZERO);
    }
}
