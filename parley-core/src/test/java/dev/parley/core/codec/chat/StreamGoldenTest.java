package dev.parley.core.codec.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.codec.ToolIds;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageAudit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hand-written upstream SSE (spec §1.6, §8.1) → decoder → events (golden listing and assertions), and those events
 * → encoder → the SSE a Chat client receives (golden, §8.2).
 */
class StreamGoldenTest {

    static List<String> upstreamStreams() {
        return Golden.cases("streams", ".upstream.sse");
    }

    @ParameterizedTest
    @MethodSource("upstreamStreams")
    void upstreamStreamIsDecodedAndReEncoded(String name) {
        List<StreamEvent> events = Fixtures.decode(Golden.readText(name + ".upstream.sse"));

        Golden.assertText(name + ".events.txt", events.stream().map(Object::toString).collect(Collectors.joining("\n", "", "\n")));
        Golden.assertText(name + ".client.sse", Fixtures.encode(events, Fixtures.clientRequest(true, true)));
    }

    @Test
    void usageChunkOnlyWhenTheClientAskedForIt() {
        List<StreamEvent> events = Fixtures.decode(Golden.readText("streams/text.upstream.sse"));

        Golden.assertText("streams/text.client-without-usage.sse", Fixtures.encode(events, Fixtures.clientRequest(true, false)));
    }

    @Test
    void toolCallFragmentsBecomeOneBlock() {
        List<StreamEvent> events = Fixtures.decode(Golden.readText("streams/tool-call.upstream.sse"));

        assertThat(UsageAudit.counts(events)).containsExactly(
                new StreamEvent.Start("chatcmpl-9x", "gpt-5-mini"),
                new StreamEvent.TextStart(0),
                new StreamEvent.TextDelta(0, "Checking"),
                new StreamEvent.BlockStop(0),
                new StreamEvent.ToolCallStart(1, "call_1", "get_weather"),
                new StreamEvent.ArgumentsDelta(1, "{\"city\":"),
                new StreamEvent.ArgumentsDelta(1, "\"Oslo\"}"),
                new StreamEvent.BlockStop(1),
                new StreamEvent.Usage(new TokenUsage(300, 96, 512, 0, 64, TokenUsage.Source.REPORTED)),
                new StreamEvent.Finish(FinishReason.TOOL_CALLS, Optional.empty()),
                new StreamEvent.Done());
    }

    @Test
    void interleavedIndicesAreBufferedAndEmittedInIndexOrder() { // H14
        List<StreamEvent> events = Fixtures.decode(Golden.readText("streams/parallel-interleaved.upstream.sse"));
        String synthesized = ToolIds.synthesize("chatcmpl-interleaved", 1);

        assertThat(events).containsExactly(
                new StreamEvent.Start("chatcmpl-interleaved", "gpt-5-mini"),
                new StreamEvent.ToolCallStart(0, "call_a", "get_weather"),
                new StreamEvent.ArgumentsDelta(0, "{\"city\":"),
                new StreamEvent.ArgumentsDelta(0, "\"Oslo\"}"),
                new StreamEvent.BlockStop(0),
                new StreamEvent.ToolCallStart(1, synthesized, "get_time"),
                new StreamEvent.ArgumentsDelta(1, "{\"tz\":\"Europe/Oslo\"}"),
                new StreamEvent.BlockStop(1),
                new StreamEvent.Finish(FinishReason.TOOL_CALLS, Optional.empty()),
                new StreamEvent.Done());
    }

    @Test
    void contentAndFinishInOneChunkAreSplit() {
        List<StreamEvent> events = Fixtures.decode(Golden.readText("streams/content-and-finish.upstream.sse"));

        assertThat(events).containsExactly(
                new StreamEvent.Start("chatcmpl-fake", "gpt-5-mini"),
                new StreamEvent.TextStart(0),
                new StreamEvent.TextDelta(0, "All at once."),
                new StreamEvent.BlockStop(0),
                new StreamEvent.Finish(FinishReason.END_TURN, Optional.empty()),
                new StreamEvent.Done());
    }

    @Test
    void aCutStreamEndsInAFailure() {
        List<StreamEvent> events = Fixtures.decode(Golden.readText("streams/cut.upstream.sse"));

        assertThat(events).hasSize(4);
        assertThat(events.getLast()).isInstanceOfSatisfying(StreamEvent.Failure.class, f -> {
            assertThat(f.error().kind()).isEqualTo(ErrorKind.UPSTREAM);
            assertThat(f.error().message()).contains("ended early");
        });
        assertThat(Fixtures.encode(events, Fixtures.clientRequest(true, false))).doesNotContain("data: [DONE]\n");
    }

    @Test
    void anInStreamErrorIsAFailureWithTheProvidersWords() {
        List<StreamEvent> events = Fixtures.decode(Golden.readText("streams/error.upstream.sse"));

        assertThat(events.getLast()).isInstanceOfSatisfying(StreamEvent.Failure.class, f -> {
            assertThat(f.error().kind()).isEqualTo(ErrorKind.UPSTREAM);
            assertThat(f.error().message()).isEqualTo("The server had an error while processing your request. Sorry about that!");
        });
        assertThat(events).noneMatch(e -> e instanceof StreamEvent.Done);
    }

    @Test
    void maxTokensInsideAToolCallStaysMaxTokens() { // H10
        List<StreamEvent> events = Fixtures.decode(Golden.readText("streams/length-in-tool.upstream.sse"));

        assertThat(events).contains(new StreamEvent.ArgumentsDelta(0, "{\"ci"),
                new StreamEvent.Finish(FinishReason.MAX_TOKENS, Optional.empty()));
    }
}
