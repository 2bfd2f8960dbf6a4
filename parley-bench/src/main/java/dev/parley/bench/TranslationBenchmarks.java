package dev.parley.bench;

import dev.parley.core.codec.Codecs;
import dev.parley.core.codec.RequestTarget;
import dev.parley.core.codec.StreamDecoder;
import dev.parley.core.codec.StreamEncoder;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.sse.SseParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * The translation path's pure parts, on real traffic: Claude Code's 77 KB tool-result request (24 tools) read as
 * Anthropic Messages and written as OpenAI Chat, and a 20-chunk Chat stream decoded and encoded for an Anthropic
 * client. What translation costs over the pass-through path ({@link CoreBenchmarks}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TranslationBenchmarks {

    private final byte[] claudeCodeRequest = resource("/bench/claude-code-tool-result.json");
    private final ChatRequest parsed = Codecs.client(Protocol.ANTHROPIC_MESSAGES)
            .parseRequest(claudeCodeRequest, RequestTarget.BODY);
    private final byte[] chatStream = chatStream(20);

    @Benchmark
    public ChatRequest parseClaudeCodeRequest() {
        return Codecs.client(Protocol.ANTHROPIC_MESSAGES).parseRequest(claudeCodeRequest, RequestTarget.BODY);
    }

    @Benchmark
    public byte[] claudeCodeRequestToChat() {
        ChatRequest request = Codecs.client(Protocol.ANTHROPIC_MESSAGES).parseRequest(claudeCodeRequest,
                RequestTarget.BODY);
        return Codecs.upstream(Protocol.OPENAI_CHAT).writeRequest(request, "gpt-4o").body();
    }

    @Benchmark
    public int chatStreamToAnthropicClient() {
        StreamDecoder decoder = Codecs.upstream(Protocol.OPENAI_CHAT).streamDecoder();
        StreamEncoder encoder = Codecs.client(Protocol.ANTHROPIC_MESSAGES).streamEncoder(parsed);
        int bytes = 0;
        for (SseEvent event : new SseParser().feed(chatStream)) {
            for (StreamEvent e : decoder.decode(event)) {
                bytes += encoder.encode(e).length;
            }
        }
        for (StreamEvent e : decoder.end()) {
            bytes += encoder.encode(e).length;
        }
        return bytes;
    }

    private static byte[] resource(String name) {
        try (InputStream in = TranslationBenchmarks.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing benchmark resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] chatStream(int chunks) {
        StringBuilder s = ChatStreams.contentChunks(chunks);
        s.append("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,")
                .append("\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],")
                .append("\"usage\":null}\n\n");
        s.append("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,")
                .append("\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":100,")
                .append("\"completion_tokens\":20,\"total_tokens\":120}}\n\n");
        return s.append("data: [DONE]\n\n").toString().getBytes(StandardCharsets.UTF_8);
    }
}
