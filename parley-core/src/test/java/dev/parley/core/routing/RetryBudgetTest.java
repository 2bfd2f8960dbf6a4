package dev.parley.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    private static final Instant T0 = Instant.parse("2026-11-24T03:00:00Z");

    @Property
    void retriesNeverExceedTheRatioOfRequestsPlusTheReserve(@ForAll @DoubleRange(max = 2) double ratio,
                                                            @ForAll @IntRange(max = 500) int requests,
                                                            @ForAll @IntRange(max = 2_000) int wanted) {
        RetryBudget budget = new RetryBudget(ratio);
        for (int i = 0; i < requests; i++) {
            budget.request(T0.plusMillis(i));
        }
        int granted = 0;
        for (int i = 0; i < wanted; i++) {
            granted += budget.tryRetry(T0.plusSeconds(5)) ? 1 : 0;
        }
        long allowed = RetryBudget.RESERVE + (long) Math.floor(ratio * requests);
        assertThat(granted).isEqualTo((int) Math.min(wanted, allowed));
    }

    @Test
    void theBudgetComesBackOnceTheWindowHasPassed() {
        RetryBudget budget = new RetryBudget(0);
        for (int i = 0; i < RetryBudget.RESERVE; i++) {
            assertThat(budget.tryRetry(T0)).isTrue();
        }
        assertThat(budget.tryRetry(T0.plusSeconds(9))).isFalse();
        assertThat(budget.tryRetry(T0.plus(RetryBudget.window()))).isTrue();
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new RetryBudget(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryBudget(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
