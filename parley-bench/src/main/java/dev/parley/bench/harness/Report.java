package dev.parley.bench.harness;

import static dev.parley.bench.harness.Figures.Stream.DELAY;
import static dev.parley.bench.harness.Figures.Stream.GAP;
import static dev.parley.bench.harness.Figures.Stream.TTFT;

import dev.parley.bench.harness.Measurements.StreamRun;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The markdown report: one summary table of the figures the targets are judged on, Parley's as ratios to nginx's
 * and Portkey's, each with its target and whether this run met it; then the measurements behind it.
 */
final class Report {

    private static final String NA = "n/a";

    private final Figures f;
    private final Settings settings;

    Report(Figures figures, Settings settings) {
        this.f = figures;
        this.settings = settings;
    }

    /** A summary row: a figure per target, and Parley's goal as a check over the row's figures. */
    private record Row(String metric, Function<String, OptionalDouble> value, String goal, Goal check) {}

    /** Whether a row's figures meet its goal; empty when a figure it needs is missing. */
    @FunctionalInterface
    private interface Goal {
        Optional<Boolean> met(Function<String, OptionalDouble> value);
    }

    String markdown(String header) {
        StringBuilder md = new StringBuilder(header);
        md.append("\n## Summary\n\n")
                .append("Added = the target's figure minus the direct baseline's in the same round; latencies and CPU "
                        + "in µs, memory in MiB.\n\n")
                .append("| Figure | nginx | Parley | Portkey | Parley ÷ nginx | Parley ÷ Portkey | Goal | Met |\n")
                .append("|---|---:|---:|---:|---:|---:|---|---|\n");
        for (Row row : rows()) {
            OptionalDouble nginx = row.value().apply(Target.NGINX);
            OptionalDouble parley = row.value().apply(Target.PARLEY);
            OptionalDouble portkey = row.value().apply(Target.PORTKEY);
            md.append("| ").append(row.metric()).append(" | ").append(num(nginx)).append(" | ").append(num(parley))
                    .append(" | ").append(num(portkey)).append(" | ").append(ratio(parley, nginx)).append(" | ")
                    .append(ratio(parley, portkey)).append(" | ").append(row.goal()).append(" | ")
                    .append(row.check().met(row.value()).map(ok -> ok ? "yes" : "**no**").orElse(NA)).append(" |\n");
        }
        details(md);
        return md.toString();
    }

    private List<Row> rows() {
        int load = settings.loadConnections();
        String pass = Measurements.PASS_THROUGH;
        String translated = Measurements.TRANSLATED;
        String streaming = Measurements.STREAMING;
        return List.of(
                new Row("Pass-through added p50", t -> f.addedHttp(pass, t, Wrk.Result::p50), "≤ 2 × nginx",
                        v -> compare(v.apply(Target.PARLEY), v.apply(Target.NGINX), 2, true)),
                new Row("Pass-through added p99", t -> f.addedHttp(pass, t, Wrk.Result::p99), "", v -> Optional.empty()),
                new Row("Pass-through added p99.9", t -> f.addedHttp(pass, t, Wrk.Result::p999), "",
                        v -> Optional.empty()),
                new Row("Pass-through CPU per request (" + load + " connections)",
                        t -> f.cpuPerRequest(Measurements.PASS_THROUGH_LOAD, t, load), "≤ 80 µs", v -> atMost(v, 80)),
                new Row("… of which Parley's JIT compiler threads", t -> jit(Measurements.PASS_THROUGH_LOAD, t), "",
                        v -> Optional.empty()),
                new Row("Max throughput, p99 added < 1 ms (req/s)", f::maxThroughputWithinLimit, "≥ 10 × Portkey",
                        v -> compare(v.apply(Target.PARLEY), v.apply(Target.PORTKEY), 10, false)),
                new Row("Max throughput, any latency (req/s)", f::maxThroughput, "≥ 10 × Portkey",
                        v -> compare(v.apply(Target.PARLEY), v.apply(Target.PORTKEY), 10, false)),
                new Row("Translated (Anthropic → OpenAI) added p50", t -> f.addedHttp(translated, t, Wrk.Result::p50),
                        "", v -> Optional.empty()),
                new Row("Translated added p99", t -> f.addedHttp(translated, t, Wrk.Result::p99), "",
                        v -> Optional.empty()),
                new Row("Translated CPU per request (" + load + " connections)",
                        t -> f.cpuPerRequest(Measurements.TRANSLATED_LOAD, t, load), "≤ 150 µs", v -> atMost(v, 150)),
                new Row("… of which Parley's JIT compiler threads", t -> jit(Measurements.TRANSLATED_LOAD, t), "",
                        v -> Optional.empty()),
                new Row("Streaming TTFT added p50", t -> f.addedStream(streaming, t, TTFT, 50), "≤ 1000 µs",
                        v -> atMost(v, 1000)),
                new Row("Streaming TTFT added p99", t -> f.addedStream(streaming, t, TTFT, 99), "", v -> Optional.empty()),
                new Row("Streaming per-chunk delay added p50", t -> f.addedStream(streaming, t, DELAY, 50), "",
                        v -> Optional.empty()),
                new Row("Streaming per-chunk delay added p99", t -> f.addedStream(streaming, t, DELAY, 99), "≤ 100 µs",
                        v -> atMost(v, 100)),
                new Row("Streaming gap between chunks added p50", t -> f.addedStream(streaming, t, GAP, 50), "",
                        v -> Optional.empty()),
                new Row("Streaming gap between chunks added p99", t -> f.addedStream(streaming, t, GAP, 99), "",
                        v -> Optional.empty()),
                new Row("Streaming CPU per 20-chunk stream", t -> f.cpuPerStream(streaming, t), "",
                        v -> Optional.empty()),
                new Row(settings.manyStreams() + " open streams: completed", this::openCompleted,
                        "all " + settings.manyStreams(), v -> v.apply(Target.PARLEY).stream()
                        .mapToObj(c -> c == settings.manyStreams()).findFirst()),
                new Row(settings.manyStreams() + " open streams: TTFT p99 (absolute)",
                        t -> f.absoluteStream(Measurements.OPEN_STREAMS, t, TTFT, 99), "", v -> Optional.empty()),
                new Row("Heap in use, peak before a GC (MiB, -Xmx512m)", this::heap, "< 512 MiB",
                        v -> v.apply(Target.PARLEY).stream().mapToObj(h -> h < 512).findFirst()),
                new Row("Idle RSS (MiB)", t -> mib(t, true), "< 200 MiB", v -> below(v, 200)),
                new Row("Peak RSS (MiB)", t -> mib(t, false), "", v -> Optional.empty()));
    }

    /** Only Parley's: the other targets are no JVM (node's compiler threads are not told apart). */
    private OptionalDouble jit(String scenario, String target) {
        return target.equals(Target.PARLEY) ? f.jitPerRequest(scenario, target, settings.loadConnections())
                : OptionalDouble.empty();
    }

    private OptionalDouble openCompleted(String target) {
        return f.openStreams(target).map(r -> OptionalDouble.of(r.result().completed())).orElse(OptionalDouble.empty());
    }

    private OptionalDouble heap(String target) {
        return target.equals(Target.PARLEY)
                ? f.measurements().parleyHeap.map(h -> OptionalDouble.of(h.peakBeforeGcMib())).orElse(OptionalDouble.empty())
                : OptionalDouble.empty();
    }

    private OptionalDouble mib(String target, boolean idle) {
        return Optional.ofNullable(f.measurements().memory.get(target))
                .map(m -> OptionalDouble.of((idle ? m.idleRss() : m.peakRss()) / 1048576.0))
                .orElse(OptionalDouble.empty());
    }

    private static Optional<Boolean> atMost(Function<String, OptionalDouble> v, double limit) {
        OptionalDouble parley = v.apply(Target.PARLEY);
        return parley.isPresent() ? Optional.of(parley.getAsDouble() <= limit) : Optional.empty();
    }

    private static Optional<Boolean> below(Function<String, OptionalDouble> v, double limit) {
        OptionalDouble parley = v.apply(Target.PARLEY);
        return parley.isPresent() ? Optional.of(parley.getAsDouble() < limit) : Optional.empty();
    }

    /** Parley ≤ factor × other (lowerIsBetter), or Parley ≥ factor × other. */
    private static Optional<Boolean> compare(OptionalDouble parley, OptionalDouble other, double factor,
                                             boolean lowerIsBetter) {
        if (parley.isEmpty() || other.isEmpty()) {
            return Optional.empty();
        }
        double p = parley.getAsDouble();
        double o = other.getAsDouble();
        return Optional.of(lowerIsBetter ? p <= factor * Math.max(o, 0) : p >= factor * o);
    }

    private void details(StringBuilder md) {
        List<String> targets = f.measurements().targets;
        md.append("\n## Pass-through latency, one connection, closed loop (µs, median of ")
                .append(settings.rounds()).append(" rounds of ").append(settings.latencySeconds()).append(" s)\n\n")
                .append("| Target | p50 | p99 | p99.9 | added p50 | added p99 | added p99.9 |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (String t : targets) {
            String s = Measurements.PASS_THROUGH;
            md.append("| ").append(t).append(" | ").append(num(f.absoluteHttp(s, t, Wrk.Result::p50))).append(" | ")
                    .append(num(f.absoluteHttp(s, t, Wrk.Result::p99))).append(" | ")
                    .append(num(f.absoluteHttp(s, t, Wrk.Result::p999))).append(" | ")
                    .append(num(f.addedHttp(s, t, Wrk.Result::p50))).append(" | ")
                    .append(num(f.addedHttp(s, t, Wrk.Result::p99))).append(" | ")
                    .append(num(f.addedHttp(s, t, Wrk.Result::p999))).append(" |\n");
        }
        md.append("\n## CPU per request under load, ").append(settings.loadConnections()).append(" connections, ")
                .append(settings.loadSeconds()).append(" s per run (µs; the summary takes the median)\n\n")
                .append("| Scenario | Target | by round |\n|---|---|---|\n");
        for (String scenario : List.of(Measurements.PASS_THROUGH_LOAD, Measurements.TRANSLATED_LOAD)) {
            for (String t : targets) {
                List<Double> rounds = f.cpuPerRequestByRound(scenario, t, settings.loadConnections());
                if (!rounds.isEmpty()) {
                    md.append("| ").append(scenario).append(" | ").append(t).append(" | ")
                            .append(String.join(", ", rounds.stream().map(Report::num).toList())).append(" |\n");
                }
            }
        }
        md.append("\n## Throughput ladder, closed loop (").append(settings.ladderSeconds())
                .append(" s per step): req/s, and p99 added over direct in µs\n\n| Connections |");
        targets.forEach(t -> md.append(' ').append(t).append(" |"));
        md.append("\n|---:|").append("---:|".repeat(targets.size())).append('\n');
        for (int c : settings.ladder()) {
            md.append("| ").append(c).append(" |");
            for (String t : targets) {
                md.append(' ').append(num(f.ladderRps(t, c)));
                if (!t.equals(Target.DIRECT)) {
                    md.append(" (").append(num(f.ladderAddedP99(t, c))).append(')');
                }
                md.append(" |");
            }
            md.append('\n');
        }
        md.append("\nUnbounded maximum (req/s):");
        targets.forEach(t -> md.append(' ').append(t).append(' ').append(num(f.maxThroughput(t))).append(';'));
        md.append("\n\n## Streams (").append(FastUpstream.CHUNKS).append(" chunks)\n\n")
                .append("| Scenario | Target | completed | failed | TTFT p50 | TTFT p99 | delay p50 | delay p99 | delay p99.9 "
                        + "| gap p50 | gap p99 | gap p99.9 |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (StreamRun run : f.measurements().streams) {
            StreamClient.Result r = run.result();
            md.append("| ").append(run.scenario()).append(" #").append(run.round()).append(" (")
                    .append(run.concurrency()).append(" at once) | ").append(run.target()).append(" | ")
                    .append(r.completed()).append(" | ").append(r.failed()).append(" | ")
                    .append(num(r.ttft().percentileMicros(50))).append(" | ").append(num(r.ttft().percentileMicros(99)))
                    .append(" | ").append(num(r.delays().percentileMicros(50))).append(" | ")
                    .append(num(r.delays().percentileMicros(99))).append(" | ")
                    .append(num(r.delays().percentileMicros(99.9)))
                    .append(" | ").append(num(r.gaps().percentileMicros(50))).append(" | ")
                    .append(num(r.gaps().percentileMicros(99))).append(" | ")
                    .append(num(r.gaps().percentileMicros(99.9))).append(" |\n");
        }
        if (!f.measurements().unsupported.isEmpty()) {
            md.append("\n## Not measured\n\n");
            f.measurements().unsupported.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        }
        f.measurements().parleyHeap.ifPresent(h -> md.append("\nParley's heap (GC log): peak before a collection ")
                .append(h.peakBeforeGcMib()).append(" MiB, peak after one ").append(h.peakAfterGcMib())
                .append(" MiB; committed at most ").append(h.peakCommittedMib()).append(" MiB.\n"));
    }

    static String num(OptionalDouble value) {
        return value.isPresent() ? num(value.getAsDouble()) : NA;
    }

    static String num(double value) {
        double abs = Math.abs(value);
        return String.format(Locale.ROOT, abs >= 100 ? "%.0f" : abs >= 10 ? "%.1f" : "%.2f", value);
    }

    private static String ratio(OptionalDouble a, OptionalDouble b) {
        if (a.isEmpty() || b.isEmpty() || b.getAsDouble() <= 0 || a.getAsDouble() < 0) {
            return NA;
        }
        return String.format(Locale.ROOT, "%.2f×", a.getAsDouble() / b.getAsDouble());
    }
}
