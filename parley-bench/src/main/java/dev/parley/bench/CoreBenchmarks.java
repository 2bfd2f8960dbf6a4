package dev.parley.bench;

import dev.parley.core.codec.UsageFields;
import dev.parley.core.codec.chat.ChatUsage;
import dev.parley.core.json.JsonSplice;
import dev.parley.core.json.MemberFinder;
import dev.parley.core.json.TopLevelObject;
import dev.parley.core.sse.SseParser;
import dev.parley.core.usage.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
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
 * The pass-through hot path's pure parts: scanning a request body and rewriting its model, reading the usage of a
 * whole answer, and parsing a streamed reply. Run with {@code -prof gc} to see allocation per operation.
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

    private final byte[] answer = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,"
            + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
            + "A reverse proxy adds one more hop: a parse, a copy and a write. ".repeat(4) + "\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":200,\"completion_tokens\":20,"
            + "\"total_tokens\":220,\"prompt_tokens_details\":{\"cached_tokens\":0}}}").getBytes(StandardCharsets.UTF_8);

    @Benchmark
    public byte[] scanAndRewriteModel() {
        TopLevelObject body = TopLevelObject.scan(request);
        return JsonSplice.of(body).setString("model", "gpt-4o-2024-08-06")
                .set("stream_options", "{\"include_usage\":true}".getBytes(StandardCharsets.UTF_8)).apply();
    }

    /** Billing a whole passed-through answer: its usage member found by stepping over the rest, then parsed. */
    @Benchmark
    public Optional<TokenUsage> answerUsageFound() {
        return MemberFinder.find(answer, "usage").flatMap(m -> UsageFields.parse(Arrays.copyOfRange(answer,
                m.start(), m.end()), ChatUsage::read));
    }

    /** The same with a tokenizing scan of the whole answer (what the validating path costs). */
    @Benchmark
    public Optional<TokenUsage> answerUsageScanned() {
        TopLevelObject scanned = TopLevelObject.scan(answer);
        return scanned.member("usage").flatMap(m -> UsageFields.parse(scanned.rawValue(m), ChatUsage::read));
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
