package dev.parley.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Each micro benchmark's budget of bytes allocated per operation, and the verdict on one run's figures. Bytes per
 * operation (JMH's {@code gc.alloc.rate.norm}) come out nearly the same from run to run and machine to machine,
 * where times do not, so they are what a regression guard can hold a change to. A budget is the figure it was set
 * from plus {@link #RELATIVE_HEADROOM} and {@link #ABSOLUTE_HEADROOM}, so that the JIT's escape analysis deciding a
 * little differently from one run to the next does not fail the guard, while a new copy of a body does.
 *
 * <p>The budgets file is a properties file: {@code Class.method[.param...]=bytes}, sorted, one per benchmark.
 */
record AllocationBudgets(SortedMap<String, Long> bytes) {

    static final double RELATIVE_HEADROOM = 0.10;
    static final long ABSOLUTE_HEADROOM = 64;

    AllocationBudgets {
        bytes = new TreeMap<>(bytes);
    }

    /** What one benchmark allocated against its budget. */
    sealed interface Verdict {
        String benchmark();

        /** Within its budget. */
        record Within(String benchmark, double measured, long budget) implements Verdict {
        }

        /** Over its budget: a regression, or a deliberate change whose budget has to be set anew. */
        record Over(String benchmark, double measured, long budget) implements Verdict {
        }

        /** A benchmark without a budget: every benchmark must have one. */
        record Unbudgeted(String benchmark, double measured) implements Verdict {
        }

        /** A budget whose benchmark did not run: renamed or removed, its budget left behind. */
        record Orphaned(String benchmark, long budget) implements Verdict {
        }
    }

    /** The budgets a run's figures set: each figure with the headroom, rounded up. */
    static AllocationBudgets from(Map<String, Double> measured) {
        SortedMap<String, Long> budgets = new TreeMap<>();
        measured.forEach((name, bytes) -> budgets.put(name, budgetFor(bytes)));
        return new AllocationBudgets(budgets);
    }

    static long budgetFor(double bytes) {
        return (long) Math.ceil(bytes * (1 + RELATIVE_HEADROOM)) + ABSOLUTE_HEADROOM;
    }

    /** One verdict per benchmark that ran or has a budget, in name order. */
    List<Verdict> check(Map<String, Double> measured) {
        SortedMap<String, Double> figures = new TreeMap<>(measured);
        List<Verdict> verdicts = new ArrayList<>();
        figures.forEach((name, value) -> {
            Long budget = bytes.get(name);
            if (budget == null) {
                verdicts.add(new Verdict.Unbudgeted(name, value));
            } else if (value > budget) {
                verdicts.add(new Verdict.Over(name, value, budget));
            } else {
                verdicts.add(new Verdict.Within(name, value, budget));
            }
        });
        bytes.forEach((name, budget) -> {
            if (!figures.containsKey(name)) {
                verdicts.add(new Verdict.Orphaned(name, budget));
            }
        });
        return verdicts;
    }

    static boolean passed(List<Verdict> verdicts) {
        return verdicts.stream().allMatch(v -> switch (v) {
            case Verdict.Within w -> true;
            case Verdict.Over o -> false;
            case Verdict.Unbudgeted u -> false;
            case Verdict.Orphaned o -> false;
        });
    }

    /** The properties file's text: a header, then the budgets in name order. */
    String write() {
        StringBuilder text = new StringBuilder("""
                # Bytes each micro benchmark may allocate per operation (JMH gc.alloc.rate.norm): the figure
                # it was set from plus 10% and 64 bytes. Checked by AllocationGuard (profile alloc-guard);
                # rewritten by it with -Dalloc.guard.mode=update-budgets.
                """);
        bytes.forEach((name, budget) -> text.append(name).append('=').append(budget).append('\n'));
        return text.toString();
    }

    /** Reads the properties file's text; a malformed line fails, naming it. */
    static AllocationBudgets parse(String text) {
        SortedMap<String, Long> budgets = new TreeMap<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("not a budget (name=bytes): " + trimmed);
            }
            String name = trimmed.substring(0, equals).strip();
            try {
                long value = Long.parseLong(trimmed.substring(equals + 1).strip());
                if (value < 0 || budgets.put(name, value) != null) {
                    throw new IllegalArgumentException("a negative or repeated budget: " + trimmed);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number of bytes: " + trimmed, e);
            }
        }
        return new AllocationBudgets(budgets);
    }
}
