package dev.parley.bench.harness;

import java.util.List;

/**
 * How long and how hard each scenario runs. The full run takes about eleven minutes on two cores, the quick one about
 * two (one round, short runs: a smoke test of the harness, not figures to quote).
 *
 * @param rounds            how many times the interleaved rounds (direct, nginx, parley, portkey) are repeated
 * @param latencySeconds    one closed-loop run with one connection, for the added latency percentiles
 * @param ladder            connection counts of the throughput search
 * @param loadConnections   connections of the runs whose CPU time per request is reported (a step of {@code ladder})
 * @param loadSeconds       one such run, longer than a ladder step: 4 s runs' figures moved by a third between rounds
 * @param streamConcurrency streams open at once in the streaming scenario, each paced {@code streamPacingMillis}
 * @param manyStreams       streams open together in the open-streams scenario, paced {@code manyPacingMillis}, their
 *                          starts spread over {@code manySpreadMillis}, shorter than one stream: all are open at once
 */
record Settings(boolean quick, int rounds, int warmupSeconds, int latencySeconds, List<Integer> ladder,
                int ladderSeconds, int loadConnections, int loadSeconds, int streamConcurrency, int streamSeconds,
                int streamPacingMillis, int manyStreams, int manyPacingMillis, int manySpreadMillis) {

    static final Settings FULL = new Settings(false, 3, 8, 10, List.of(1, 2, 4, 8, 16, 32, 64, 128), 4, 16, 8, 16, 8,
            10, 1000, 100, 1000);
    static final Settings QUICK = new Settings(true, 1, 2, 3, List.of(1, 4, 16, 64), 2, 16, 2, 8, 3, 10, 1000, 100, 1000);

    Settings {
        if (manySpreadMillis >= FastUpstream.CHUNKS * manyPacingMillis) {
            throw new IllegalArgumentException("the open streams' starts must be spread over less than one stream");
        }
        if (!ladder.contains(loadConnections)) {
            throw new IllegalArgumentException("loadConnections must be a step of the ladder");
        }
    }

    /** The configured model names the scenarios ask for: the unpaced one and the two pacings. */
    List<String> models() {
        return List.of(model(0), model(streamPacingMillis), model(manyPacingMillis)).stream().distinct().toList();
    }

    static String model(int pacingMillis) {
        return FastUpstream.MODEL_PREFIX + pacingMillis;
    }
}
