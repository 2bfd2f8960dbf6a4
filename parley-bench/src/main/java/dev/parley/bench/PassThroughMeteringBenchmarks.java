package dev.parley.bench;

import dev.parley.core.codec.Codecs;
import dev.parley.core.codec.StreamDecoder;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.sse.SseParser;
import dev.parley.core.tokens.StreamMeter;
import dev.parley.core.tokens.UsageMeter;
import dev.parley.core.usage.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the pass-through relay does per streamed answer to bill it, for a 20-chunk answer of each protocol: parse
 * the SSE and meter the usage, lazily as the relay does, and decoding every event as it did before. The server's
 * per-protocol stream taps are package-private there and not measured here; they read a few event names and byte
 * patterns. Run with {@code -prof gc} for B/op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PassThroughMeteringBenchmarks {

    @Param({"OPENAI_CHAT", "OPENAI_RESPONSES", "ANTHROPIC_MESSAGES", "GEMINI"})
    public Protocol protocol;

    private byte[] stream;
    /** The first half of the stream's bytes, up to an event boundary. */
    private byte[] cut;

    @Setup
    public void setUp() {
        stream = ProtocolStreams.of(protocol, 20);
        String text = new String(stream, StandardCharsets.UTF_8);
        cut = text.substring(0, text.indexOf("\n\n", text.length() / 2) + 2).getBytes(StandardCharsets.UTF_8);
    }

    /** What the relay does: only the events that carry usage or the end are decoded. */
    @Benchmark
    public TokenUsage meterLazily() {
        StreamMeter meter = new StreamMeter(Codecs.upstream(protocol)::streamDecoder);
        for (SseEvent event : new SseParser().feed(stream)) {
            meter.accept(event);
        }
        meter.end();
        return meter.settle(() -> 0);
    }

    /** The same stream cut before its usage: the settlement needs the text, so every event is decoded then. */
    @Benchmark
    public TokenUsage meterLazilyCut() {
        StreamMeter meter = new StreamMeter(Codecs.upstream(protocol)::streamDecoder);
        for (SseEvent event : new SseParser().feed(cut)) {
            meter.accept(event);
        }
        meter.end();
        return meter.settle(() -> 0);
    }

    /** Every event decoded into internal events and fed to the meter as it arrives (how the relay metered before). */
    @Benchmark
    public TokenUsage decodeEveryEvent() {
        StreamDecoder decoder = Codecs.upstream(protocol).streamDecoder();
        UsageMeter meter = new UsageMeter();
        for (SseEvent event : new SseParser().feed(stream)) {
            decoder.decode(event).forEach(meter::accept);
        }
        decoder.end().forEach(meter::accept);
        return meter.settle(() -> 0);
    }

    /** The SSE parse alone, the floor under any metering. */
    @Benchmark
    public int parseOnly() {
        return new SseParser().feed(stream).size();
    }
}
