package dev.parley.bench.harness;

import dev.parley.bench.harness.Measurements.HttpRun;
import dev.parley.bench.harness.Measurements.StreamRun;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The figures the report quotes, derived from the raw measurements. "Added" is always the target's figure minus
 * the direct baseline's in the same round (or at the same connection count), so the upstream's own time and the
 * load generator's cancel out; over several rounds the median is taken.
 */
final class Figures {

    /** Added p99 latency under which a throughput counts ("max throughput with p99 added under 1 ms"). */
    static final double ADDED_P99_LIMIT_MICROS = 1_000;

    private final Measurements m;

    Figures(Measurements measurements) {
        this.m = measurements;
    }

    Measurements measurements() {
        return m;
    }

    /** Added latency of an HTTP scenario at a percentile, in microseconds. */
    OptionalDouble addedHttp(String scenario, String target, ToDoubleFunction<Wrk.Result> percentile) {
        List<Double> added = new ArrayList<>();
        for (HttpRun run : m.http(scenario, target)) {
            sameRound(m.http(scenario, Target.DIRECT), run.round()).filter(d -> ok(run) && ok(d))
                    .ifPresent(d -> added.add(percentile.applyAsDouble(run.result())
                            - percentile.applyAsDouble(d.result())));
        }
        return median(added);
    }

    /** An HTTP scenario's own latency at a percentile (median over rounds), in microseconds. */
    OptionalDouble absoluteHttp(String scenario, String target, ToDoubleFunction<Wrk.Result> percentile) {
        return median(m.http(scenario, target).stream().filter(Figures::ok)
                .map(r -> percentile.applyAsDouble(r.result())).toList());
    }

    /** CPU time per request in microseconds, the median of the runs at a fixed connection count. */
    OptionalDouble cpuPerRequest(String scenario, String target, int connections) {
        return median(cpuPerRequestByRound(scenario, target, connections));
    }

    /** CPU time per request of each run at a fixed connection count, in microseconds, in round order. */
    List<Double> cpuPerRequestByRound(String scenario, String target, int connections) {
        return perRequestByRound(scenario, target, connections, HttpRun::cpuMicros);
    }

    /** The part of {@link #cpuPerRequest} the JIT compiler threads used, in microseconds (median of the runs). */
    OptionalDouble jitPerRequest(String scenario, String target, int connections) {
        return median(perRequestByRound(scenario, target, connections, HttpRun::jitMicros));
    }

    private List<Double> perRequestByRound(String scenario, String target, int connections,
                                           ToLongFunction<HttpRun> micros) {
        return m.http(scenario, target).stream().filter(r -> r.connections() == connections && ok(r))
                .map(r -> (double) micros.applyAsLong(r) / r.result().requests()).toList();
    }

    /** Requests per second of the ladder run at {@code connections}. */
    OptionalDouble ladderRps(String target, int connections) {
        return ladderRun(target, connections).filter(Figures::ok).map(r -> OptionalDouble.of(r.result().rps()))
                .orElse(OptionalDouble.empty());
    }

    /** p99 added over direct at the same connection count, in microseconds. */
    OptionalDouble ladderAddedP99(String target, int connections) {
        Optional<HttpRun> run = ladderRun(target, connections).filter(Figures::ok);
        Optional<HttpRun> direct = ladderRun(Target.DIRECT, connections).filter(Figures::ok);
        return run.isPresent() && direct.isPresent()
                ? OptionalDouble.of(run.get().result().p99() - direct.get().result().p99())
                : OptionalDouble.empty();
    }

    /** The most requests per second of any ladder step whose p99 is within the limit of direct's (and error-free). */
    OptionalDouble maxThroughputWithinLimit(String target) {
        return m.http(Measurements.LADDER, target).stream()
                .filter(r -> target.equals(Target.DIRECT)
                        || ladderAddedP99(target, r.connections()).orElse(Double.MAX_VALUE) < ADDED_P99_LIMIT_MICROS)
                .filter(Figures::ok).mapToDouble(r -> r.result().rps()).max();
    }

    OptionalDouble maxThroughput(String target) {
        return m.http(Measurements.LADDER, target).stream().filter(Figures::ok).mapToDouble(r -> r.result().rps())
                .max();
    }

    /** What a streaming figure is read from. */
    enum Stream { TTFT, GAP, DELAY }

    /**
     * Added streaming latency at a percentile, in microseconds: the target's percentile less direct's in the same
     * round, of the time to first token, the gap between chunks, or each chunk's delay from upstream to client.
     */
    OptionalDouble addedStream(String scenario, String target, Stream what, double percentile) {
        List<Double> added = new ArrayList<>();
        for (StreamRun run : m.streams(scenario, target)) {
            m.streams(scenario, Target.DIRECT).stream().filter(d -> d.round() == run.round()).findFirst()
                    .ifPresent(d -> added.add(pick(run, what).percentileMicros(percentile)
                            - pick(d, what).percentileMicros(percentile)));
        }
        return median(added);
    }

    OptionalDouble absoluteStream(String scenario, String target, Stream what, double percentile) {
        return median(m.streams(scenario, target).stream().map(r -> pick(r, what).percentileMicros(percentile))
                .toList());
    }

    /** CPU time per completed stream in microseconds (the median over rounds). */
    OptionalDouble cpuPerStream(String scenario, String target) {
        return median(m.streams(scenario, target).stream().filter(r -> r.result().completed() > 0)
                .map(r -> (double) r.cpuMicros() / r.result().completed()).toList());
    }

    Optional<StreamRun> openStreams(String target) {
        return m.streams(Measurements.OPEN_STREAMS, target).stream().findFirst();
    }

    private static Samples pick(StreamRun run, Stream what) {
        return switch (what) {
            case TTFT -> run.result().ttft();
            case GAP -> run.result().gaps();
            case DELAY -> run.result().delays();
        };
    }

    private Optional<HttpRun> ladderRun(String target, int connections) {
        return m.http(Measurements.LADDER, target).stream().filter(r -> r.connections() == connections).findFirst();
    }

    private static Optional<HttpRun> sameRound(List<HttpRun> runs, int round) {
        return runs.stream().filter(r -> r.round() == round).findFirst();
    }

    /** A run with errors measured something else than serving: its figures are not used. */
    static boolean ok(HttpRun run) {
        return run.result().errors() == 0 && run.result().requests() > 0;
    }

    static OptionalDouble median(List<Double> values) {
        if (values.isEmpty()) {
            return OptionalDouble.empty();
        }
        List<Double> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
        int n = sorted.size();
        return OptionalDouble.of(n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2);
    }
}
