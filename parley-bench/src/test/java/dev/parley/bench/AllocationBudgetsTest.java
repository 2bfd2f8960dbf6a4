package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.bench.AllocationBudgets.Verdict;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The allocation guard's verdicts and its budgets file, without running JMH. */
class AllocationBudgetsTest {

    private static final AllocationBudgets BUDGETS = AllocationBudgets.parse("""
            # a comment
            CoreBenchmarks.scan=1000
            RouterBenchmarks.route=64

            Gone.benchmark=10
            """);

    @Test
    void eachBenchmarkIsWithinOverUnbudgetedOrItsBudgetOrphaned() {
        var verdicts = BUDGETS.check(Map.of("CoreBenchmarks.scan", 1000.0, "RouterBenchmarks.route", 64.5,
                "New.benchmark", 3.0));

        assertThat(verdicts).containsExactly(
                new Verdict.Within("CoreBenchmarks.scan", 1000.0, 1000),
                new Verdict.Unbudgeted("New.benchmark", 3.0),
                new Verdict.Over("RouterBenchmarks.route", 64.5, 64),
                new Verdict.Orphaned("Gone.benchmark", 10));
        assertThat(AllocationBudgets.passed(verdicts)).isFalse();
    }

    @Test
    void aRunWithinEveryBudgetPasses() {
        var verdicts = BUDGETS.check(Map.of("CoreBenchmarks.scan", 10.0, "RouterBenchmarks.route", 0.0,
                "Gone.benchmark", 10.0));

        assertThat(verdicts).allMatch(v -> v instanceof Verdict.Within);
        assertThat(AllocationBudgets.passed(verdicts)).isTrue();
    }

    @Test
    void budgetsSetFromARunLeaveHeadroomAndReadBackTheSame() {
        AllocationBudgets set = AllocationBudgets.from(Map.of("A.b", 1000.0, "A.zero", 0.0, "A.c.GEMINI", 0.4));

        assertThat(set.bytes()).containsExactly(Map.entry("A.b", 1164L), Map.entry("A.c.GEMINI", 65L),
                Map.entry("A.zero", 64L));
        assertThat(AllocationBudgets.parse(set.write())).isEqualTo(set);
        // The run it was set from passes, and so does one a little above it; a copy of a body more does not.
        assertThat(AllocationBudgets.passed(set.check(Map.of("A.b", 1100.0, "A.zero", 60.0, "A.c.GEMINI", 0.4))))
                .isTrue();
        assertThat(AllocationBudgets.passed(set.check(Map.of("A.b", 2000.0, "A.zero", 0.0, "A.c.GEMINI", 0.4))))
                .isFalse();
    }

    @Test
    void aMalformedBudgetIsRefusedByItsLine() {
        assertThatThrownBy(() -> AllocationBudgets.parse("A.b=lots"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("A.b=lots");
        assertThatThrownBy(() -> AllocationBudgets.parse("no equals sign"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no equals sign");
        assertThatThrownBy(() -> AllocationBudgets.parse("A.b=1\nA.b=2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("A.b=2");
        assertThatThrownBy(() -> AllocationBudgets.parse("A.b=-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("A.b=-1");
    }
}
