package dev.parley.bench;

import dev.parley.core.json.JsonSplice;
import dev.parley.core.json.TopLevelObject;
import dev.parley.core.sse.SseParser;
import java.nio.charset.StandardCharsets;
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
 * The pass-through hot path's pure parts: scanning a request body and rewriting its model, and parsing a
 * streamed reply. Run with {@code -prof gc} to see allocation per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CoreBenchmarks {

    private final byte[] request = ("{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":["
            + "{\"role\":\"system\",\"content\":\"" + "You are a careful assistant. ".repeat(40) + "\"},"
            + "{\"role\":\"user\",\"content\":\"" + "Explain the code below. ".repeat(100) + "\"}],"
            + "\"temperature\":0.2,\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"read_file\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}}}]}")
            .getBytes(StandardCharsets.UTF_8);

    private final byte[] stream = streamOf(20);

    @Benchmark
    public byte[] scanAndRewriteModel() {
        TopLevelObject body = TopLevelObject.scan(request);
        return JsonSplice.of(body).setString("model", "gpt-4o-2024-08-06")
                .set("stream_options", "{\"include_usage\":true}".getBytes(StandardCharsets.UTF_8)).apply();
    }

    @Benchmark
    public int parseTwentyChunkStream() {
        return new SseParser().feed(stream).size();
    }

    private static byte[] streamOf(int chunks) {
        return ChatStreams.contentChunks(chunks).append("data: [DONE]\n\n").toString()
                .getBytes(StandardCharsets.UTF_8);
    }
}
