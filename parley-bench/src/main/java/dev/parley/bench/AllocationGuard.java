package dev.parley.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The micro benchmarks as a regression guard (profile {@code alloc-guard}): every benchmark of this package runs
 * with JMH's gc profiler, briefly (allocation per operation settles long before time does), and its bytes per
 * operation are checked against {@code alloc-budgets.properties} ({@link AllocationBudgets}). Exits 1 when one is
 * over its budget, has none, or a budget has no benchmark; with {@code --update-budgets} it rewrites the budgets
 * from this run instead.
 *
 * <p>Usage: {@code AllocationGuard [--check | --update-budgets] [--budgets FILE]}; the file is
 * {@code alloc-budgets.properties} in the working directory (the module's folder under Maven) unless named.
 */
public final class AllocationGuard {

    private static final String ALLOCATION = "gc.alloc.rate.norm";

    private AllocationGuard() {
    }

    public static void main(String[] args) throws IOException, RunnerException {
        List<String> arguments = List.of(args);
        boolean update = arguments.contains("--update-budgets");
        int at = arguments.indexOf("--budgets");
        Path file = Path.of(at >= 0 && at + 1 < arguments.size() ? arguments.get(at + 1)
                : "alloc-budgets.properties");

        Map<String, Double> measured = measure();
        if (update) {
            Files.writeString(file, AllocationBudgets.from(measured).write(), StandardCharsets.UTF_8);
            System.out.printf("Wrote %d budgets to %s%n", measured.size(), file.toAbsolutePath());
            return;
        }
        AllocationBudgets budgets = AllocationBudgets.parse(Files.readString(file, StandardCharsets.UTF_8));
        List<AllocationBudgets.Verdict> verdicts = budgets.check(measured);
        verdicts.forEach(v -> System.out.println(line(v)));
        if (!AllocationBudgets.passed(verdicts)) {
            System.out.println("Allocation guard FAILED. If the change is deliberate, set the budgets anew with"
                    + " -Dalloc.guard.mode=update-budgets and commit the file with the change.");
            System.exit(1);
        }
        System.out.printf("Allocation guard passed: %d benchmarks within their budgets%n", verdicts.size());
    }

    /** Every benchmark of this package, one fork, 2 + 3 one-second iterations: name to bytes per operation. */
    private static Map<String, Double> measure() throws RunnerException {
        Options options = new OptionsBuilder()
                .include("^" + AllocationGuard.class.getPackageName().replace(".", "\\.") + "\\.[A-Za-z]+Benchmarks\\.")
                .addProfiler(GCProfiler.class)
                .forks(1)
                // JMH 1.37 reads field offsets through sun.misc.Unsafe, which JDK 25 warns about in every fork.
                .jvmArgsAppend("--sun-misc-unsafe-memory-access=allow")
                .warmupIterations(2).warmupTime(TimeValue.seconds(1))
                .measurementIterations(3).measurementTime(TimeValue.seconds(1))
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Double> measured = new TreeMap<>();
        for (RunResult run : results) {
            Result<?> allocation = run.getSecondaryResults().get(ALLOCATION);
            if (allocation == null) {
                throw new IllegalStateException("JMH reported no " + ALLOCATION + " for " + name(run.getParams()));
            }
            measured.put(name(run.getParams()), allocation.getScore());
        }
        return measured;
    }

    /** {@code Class.method}, then the values of its parameters in their names' order. */
    static String name(BenchmarkParams params) {
        String benchmark = params.getBenchmark();
        String shortName = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        String values = params.getParamsKeys().stream().sorted().map(params::getParam)
                .collect(Collectors.joining("."));
        return values.isEmpty() ? shortName : shortName + "." + values;
    }

    private static String line(AllocationBudgets.Verdict verdict) {
        return switch (verdict) {
            case AllocationBudgets.Verdict.Within w -> String.format(Locale.ROOT,
                    "ok      %-68s %10.0f B/op (budget %d)", w.benchmark(), w.measured(), w.budget());
            case AllocationBudgets.Verdict.Over o -> String.format(Locale.ROOT,
                    "OVER    %-68s %10.0f B/op (budget %d)", o.benchmark(), o.measured(), o.budget());
            case AllocationBudgets.Verdict.Unbudgeted u -> String.format(Locale.ROOT,
                    "NEW     %-68s %10.0f B/op (no budget)", u.benchmark(), u.measured());
            case AllocationBudgets.Verdict.Orphaned o -> String.format(Locale.ROOT,
                    "GONE    %-68s (budget %d, no such benchmark)", o.benchmark(), o.budget());
        };
    }
}
