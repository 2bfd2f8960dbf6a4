package dev.parley.bench.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything one session measured, as it was measured; {@link Report} derives the figures from it. */
final class Measurements {

    static final String PASS_THROUGH = "pass-through";
    static final String PASS_THROUGH_LOAD = "pass-through-load";
    static final String LADDER = "ladder";
    static final String TRANSLATED = "translated";
    static final String TRANSLATED_LOAD = "translated-load";
    static final String STREAMING = "streaming";
    static final String OPEN_STREAMS = "open-streams";

    /**
     * One wrk run; {@code cpuMicros} is the target's process tree's (the upstream's for the direct baseline), and
     * {@code jitMicros} the part of it its JIT compiler threads used (0 for a process that is no JVM).
     */
    record HttpRun(String scenario, String target, int round, int connections, Wrk.Result result, long cpuMicros,
                   long jitMicros) {}

    /** One streaming run. */
    record StreamRun(String scenario, String target, int round, int concurrency, StreamClient.Result result,
                     long cpuMicros) {}

    /** Resident memory of a target's process tree in bytes: once started and idle, and its peak over the run. */
    record Memory(long idleRss, long peakRss) {}

    /** Parley's heap from its GC log, in MiB: the most in use before a collection, and after one. */
    record Heap(long peakBeforeGcMib, long peakAfterGcMib, long peakCommittedMib) {}

    final List<String> targets = new ArrayList<>();
    final List<HttpRun> http = new ArrayList<>();
    final List<StreamRun> streams = new ArrayList<>();
    final Map<String, Memory> memory = new LinkedHashMap<>();
    final Map<String, String> unsupported = new LinkedHashMap<>();
    Optional<Heap> parleyHeap = Optional.empty();

    List<HttpRun> http(String scenario, String target) {
        return http.stream().filter(r -> r.scenario().equals(scenario) && r.target().equals(target)).toList();
    }

    List<StreamRun> streams(String scenario, String target) {
        return streams.stream().filter(r -> r.scenario().equals(scenario) && r.target().equals(target)).toList();
    }
}
