package dev.parley.bench;

import dev.parley.core.config.ConfigLoader;
import dev.parley.core.config.ParleyConfig;
import dev.parley.core.routing.ChannelBoard;
import dev.parley.core.routing.Choice;
import dev.parley.core.routing.KeyRotation;
import dev.parley.core.routing.Route;
import dev.parley.core.routing.Router;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What routing costs each request: the model name resolved to its chain, then a channel and key chosen by tier,
 * weight and health ({@link Router#choose}) and its health attempt ended, as the request path does once per
 * attempt. Two shapes: one provider with one key, and three weighted channels in two tiers with three keys each.
 * Run with {@code -prof gc} to see allocation per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouterBenchmarks {

    private static final String CONFIG = """
            providers:
              - {name: solo, type: openai-compatible, base_url: "http://127.0.0.1:1/v1", keys: ["k1"]}
              - {name: east, type: openai-compatible, base_url: "http://127.0.0.1:2/v1", keys: ["a1", "a2", "a3"]}
              - {name: west, type: openai-compatible, base_url: "http://127.0.0.1:3/v1", keys: ["b1", "b2", "b3"]}
              - {name: spare, type: openai-compatible, base_url: "http://127.0.0.1:4/v1", keys: ["c1", "c2", "c3"]}
            models:
              - name: one-channel
                routes: [{provider: solo, model: m}]
              - name: three-channels
                routes:
                  - {provider: east, model: m, weight: 3, priority: 0}
                  - {provider: west, model: m, weight: 1, priority: 0}
                  - {provider: spare, model: m, weight: 1, priority: 1}
                fallbacks: [one-channel]
            keys:
              - {name: bench, key: "pk-bench-0123456789abcdef"}
            """;

    private final ParleyConfig config = ConfigLoader.parse(CONFIG, Map.of());
    private final Router router = new Router(config);
    private final ChannelBoard board = ChannelBoard.of(config, System.nanoTime());
    private final KeyRotation keys = new KeyRotation();
    private final SplittableRandom random = new SplittableRandom(42);
    private final Instant now = Instant.parse("2026-11-24T12:00:00Z");

    @Benchmark
    public Choice routeOneChannel() {
        return route("one-channel");
    }

    @Benchmark
    public Choice routeThreeChannelsInTwoTiers() {
        return route("three-channels");
    }

    @Benchmark
    public List<Route> resolveChainOnly() {
        return router.chain("three-channels");
    }

    private Choice route(String model) {
        long nanos = System.nanoTime();
        Route route = router.chain(model).getFirst();
        Choice choice = Router.choose(route, board, keys, now, nanos, Set.of(), random).orElseThrow();
        choice.attempt().succeeded(nanos);
        return choice;
    }
}
