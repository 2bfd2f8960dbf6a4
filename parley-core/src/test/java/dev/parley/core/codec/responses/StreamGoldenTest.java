package dev.parley.core.codec.responses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.codec.StreamEncoder;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.ResponseEvents;
import dev.parley.core.model.Signature;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.model.StreamEvent.ArgumentsDelta;
import dev.parley.core.model.StreamEvent.BlockStop;
import dev.parley.core.model.StreamEvent.Done;
import dev.parley.core.model.StreamEvent.Finish;
import dev.parley.core.model.StreamEvent.SignatureDelta;
import dev.parley.core.model.StreamEvent.Start;
import dev.parley.core.model.StreamEvent.TextDelta;
import dev.parley.core.model.StreamEvent.TextStart;
import dev.parley.core.model.StreamEvent.ThinkingDelta;
import dev.parley.core.model.StreamEvent.ThinkingStart;
import dev.parley.core.model.StreamEvent.ToolCallStart;
import dev.parley.core.model.StreamEvent.Usage;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageAudit;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Upstream SSE through the decoder (asserted event by event), and events through the encoder (golden SSE). */
class StreamGoldenTest {

    private static final long CREATED = 1767225600L;
    private final ChatRequest request = Requests.parse("{\"model\":\"codex-alias\",\"input\":\"hi\",\"stream\":true}");

    @Test
    void decodesAPlainTextStream() {
        assertThat(UsageAudit.counts(Golden.decode(Golden.bytes("upstream-stream-text.sse")))).containsExactly(
                new Start("resp_up1", "gpt-5-mini"),
                new TextStart(0),
                new TextDelta(0, "Hello"),
                new TextDelta(0, ", world."),
                new BlockStop(0),
                new Usage(TokenUsage.reported(20, 4)),
                new Finish(FinishReason.END_TURN, Optional.empty()),
                new Done());
    }

    /** §8.1: summary parts joined by a blank line; H14: arguments only in output_item.done become one delta. */
    @Test
    void decodesReasoningTextAndParallelCalls() {
        assertThat(UsageAudit.counts(Golden.decode(Golden.bytes("upstream-stream-reasoning-tools.sse")))).containsExactly(
                new Start("resp_up2", "gpt-5-codex"),
                new ThinkingStart(0),
                new ThinkingDelta(0, "Need the"),
                new ThinkingDelta(0, " file list."),
                new ThinkingDelta(0, "\n\n"),
                new ThinkingDelta(0, "And the date."),
                new SignatureDelta(0, new Signature(Protocol.OPENAI_RESPONSES, "gAAAAB-enc-1")),
                new BlockStop(0),
                new TextStart(1),
                new TextDelta(1, "Listing files."),
                new BlockStop(1),
                new ToolCallStart(2, "call_A1", "shell"),
                new ArgumentsDelta(2, "{\"command\":"),
                new ArgumentsDelta(2, "[\"ls\"]}"),
                new BlockStop(2),
                new ToolCallStart(3, "call_B2", "date"),
                new ArgumentsDelta(3, "{\"utc\":true}"),
                new BlockStop(3),
                new Usage(new TokenUsage(364, 210, 1536, 0, 128, TokenUsage.Source.REPORTED)),
                new Finish(FinishReason.TOOL_CALLS, Optional.empty()),
                new Done());
    }

    /** H8: a custom tool call's raw input becomes {"input": ...} arguments. */
    @Test
    void decodesACustomToolCall() {
        assertThat(UsageAudit.counts(Golden.decode(Golden.bytes("upstream-stream-custom-tool.sse")))).containsExactly(
                new Start("resp_up3", "gpt-5-codex"),
                new ToolCallStart(0, "call_P1", "apply_patch"),
                new ArgumentsDelta(0, "{\"input\":\"*** Begin Patch\\n*** End Patch\"}"),
                new BlockStop(0),
                new Usage(TokenUsage.reported(50, 12)),
                new Finish(FinishReason.TOOL_CALLS, Optional.empty()),
                new Done());
    }

    @Test
    void aCutStreamEndsInAFailure() {
        List<StreamEvent> events = Golden.decode(Golden.bytes("upstream-stream-cut.sse"));

        assertThat(events).startsWith(new Start("resp_up4", "gpt-5-mini"), new TextStart(0), new TextDelta(0, "PO"));
        assertThat(events.getLast()).isInstanceOfSatisfying(StreamEvent.Failure.class, f -> {
            assertThat(f.error().kind()).isEqualTo(ErrorKind.UPSTREAM);
            assertThat(f.error().message()).contains("ended early");
        });
        assertThat(events).hasSize(4);
    }

    /** An in-stream error event fails the stream; its retry hint is kept, and what follows is ignored. */
    @Test
    void anErrorEventFailsTheStream() {
        List<StreamEvent> events = Golden.decode(Golden.bytes("upstream-stream-error.sse"));

        assertThat(events).hasSize(2);
        assertThat(events.getLast()).isInstanceOfSatisfying(StreamEvent.Failure.class, f -> {
            assertThat(f.error().kind()).isEqualTo(ErrorKind.RATE_LIMITED);
            assertThat(f.error().message()).startsWith("Rate limit reached for gpt-5-mini");
            assertThat(f.error().retryAfter()).contains(Duration.ofMillis(1500));
        });
    }

    /** H12: context overflow keeps its code, so the client can compact. */
    @Test
    void aFailedResponseIsAFailure() {
        List<StreamEvent> events = Golden.decode(Golden.bytes("upstream-stream-failed.sse"));

        assertThat(events.getLast()).isInstanceOfSatisfying(StreamEvent.Failure.class, f -> {
            assertThat(f.error().kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
            assertThat(f.error().code()).contains("context_length_exceeded");
        });
    }

    /** H10: max tokens mid-call: the truncated call is kept, the finish is MAX_TOKENS not TOOL_CALLS. */
    @Test
    void anIncompleteResponseFinishesWithMaxTokens() {
        assertThat(UsageAudit.counts(Golden.decode(Golden.bytes("upstream-stream-incomplete.sse")))).containsExactly(
                new Start("resp_up7", "gpt-5-mini"),
                new ToolCallStart(0, "call_T1", "write_file"),
                new ArgumentsDelta(0, "{\"path\":\"a.txt\",\"text\":\"lo"),
                new BlockStop(0),
                new Usage(TokenUsage.reported(10, 16)),
                new Finish(FinishReason.MAX_TOKENS, Optional.empty()),
                new Done());
    }

    @Test
    void encodesAStreamDecodedFromAnUpstream() {
        List<StreamEvent> events = Golden.decode(Golden.bytes("upstream-stream-reasoning-tools.sse"));

        Golden.assertSse("client-stream-reasoning-tools.sse", encode(request, events));
    }

    /** H8: freeform, namespaced and local shell calls go back as the client declared them. */
    @Test
    void encodesCallsForTheToolsTheClientDeclared() {
        List<StreamEvent> events = ResponseEvents.of(ResponseGoldenTest.foreignAnswer());

        Golden.assertSse("client-stream-foreign.sse", encode(Requests.codexTools(), events));
    }

    @Test
    void encodesMaxTokensAsIncomplete() {
        List<StreamEvent> events = List.of(new Start("chatcmpl-9", "gpt-4.1"), new TextStart(0),
                new TextDelta(0, "Once upon"), new BlockStop(0), new Finish(FinishReason.MAX_TOKENS, Optional.empty()),
                new Usage(TokenUsage.reported(5, 2)), new Done());

        Golden.assertSse("client-stream-incomplete.sse", encode(request, events));
    }

    /** H12: a rate limit after the stream started is a response.failed whose message says when to retry. */
    @Test
    void encodesAFailureAsResponseFailed() {
        ApiError error = ApiError.of(ErrorKind.RATE_LIMITED, "Rate limit reached.").withRetryAfter(Duration.ofSeconds(20));
        List<StreamEvent> events = List.of(new Start("msg_01", "claude"), new TextStart(0), new TextDelta(0, "Hi"),
                new StreamEvent.Failure(error));

        Golden.assertSse("client-stream-failed.sse", encode(request, events));
    }

    static byte[] encode(ChatRequest request, List<StreamEvent> events) {
        StreamEncoder encoder = new ResponsesCodec(() -> CREATED).streamEncoder(request);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (StreamEvent event : events) {
            out.writeBytes(encoder.encode(event));
        }
        return out.toByteArray();
    }
}
