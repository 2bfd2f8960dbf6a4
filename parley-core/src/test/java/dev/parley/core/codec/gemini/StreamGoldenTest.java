package dev.parley.core.codec.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.codec.StreamDecoder;
import dev.parley.core.codec.StreamEncoder;
import dev.parley.core.codec.ToolIds;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.Message;
import dev.parley.core.model.Reasoning;
import dev.parley.core.model.Signature;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.model.StreamEvent.ArgumentsDelta;
import dev.parley.core.model.StreamEvent.BlockStop;
import dev.parley.core.model.StreamEvent.Done;
import dev.parley.core.model.StreamEvent.Failure;
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
import dev.parley.core.sse.SseEvent;
import dev.parley.core.sse.SseParser;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageAudit;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Hand-written Gemini SSE streams: upstream SSE → events (asserted) → the SSE a Gemini client gets (golden). */
class StreamGoldenTest {

    private final GeminiCodec codec = new GeminiCodec();

    @Test
    void thinkingThenTextWithTheSignatureOnAnEmptyFinalPart() {
        List<StreamEvent> events = decode("thinking-text");

        Signature signature = new Signature(Protocol.GEMINI, "CiQBsig==");
        assertThat(UsageAudit.counts(events)).containsExactly(
                new Start("mWg0abc", "gemini-2.5-flash"),
                new ThinkingStart(0), new ThinkingDelta(0, "**Planning**\nLook up Oslo."), new BlockStop(0),
                new TextStart(1), new TextDelta(1, "It is"), new TextDelta(1, " 12°C."), new BlockStop(1),
                new ThinkingStart(2), new SignatureDelta(2, signature), new BlockStop(2),
                new Usage(new TokenUsage(812, 49, 0, 0, 40, TokenUsage.Source.REPORTED)),
                new Finish(FinishReason.END_TURN, Optional.empty()),
                new Done());
        encode("thinking-text", events, true);
    }

    @Test
    void textThenParallelCallsArrivingWhole() {
        List<StreamEvent> events = decode("parallel-calls");

        String first = ToolIds.synthesize("resp-calls-2", 0);
        String second = ToolIds.synthesize("resp-calls-2", 1);
        assertThat(UsageAudit.counts(events)).containsExactly(
                new Start("resp-calls-2", "gemini-3-pro-preview"),
                new TextStart(0), new TextDelta(0, "Checking both cities."), new BlockStop(0),
                new ToolCallStart(1, first, "get_weather"), new ArgumentsDelta(1, "{\"city\":\"Oslo\"}"),
                new SignatureDelta(1, new Signature(Protocol.GEMINI, "EjQKMgHsig==")), new BlockStop(1),
                new ToolCallStart(2, second, "get_weather"), new ArgumentsDelta(2, "{\"city\":\"Bergen\"}"),
                new BlockStop(2),
                new Usage(new TokenUsage(44, 36, 256, 0, 12, TokenUsage.Source.REPORTED)),
                new Finish(FinishReason.TOOL_CALLS, Optional.empty()),
                new Done());
        encode("parallel-calls", events, false);
    }

    @Test
    void streamCutBeforeAFinishReasonFails() {
        List<StreamEvent> events = decode("cut");

        assertThat(events).hasSize(5);
        assertThat(events.subList(0, 4)).containsExactly(new Start("resp-cut-1", "gemini-2.5-flash"),
                new TextStart(0), new TextDelta(0, "PO"), new TextDelta(0, "NG"));
        assertThat(events.getLast()).isInstanceOfSatisfying(Failure.class, f -> {
            assertThat(f.error().kind()).isEqualTo(ErrorKind.UPSTREAM);
            assertThat(f.error().message()).contains("ended early");
        });
        encode("cut", events, false);
    }

    @Test
    void inStreamErrorFails() {
        List<StreamEvent> events = decode("error");

        assertThat(events).containsExactly(new Start("resp-err-1", "gemini-2.5-flash"),
                new TextStart(0), new TextDelta(0, "Hello"),
                new Failure(ApiError.of(ErrorKind.OVERLOADED, "The model is overloaded. Please try again later.")));
        encode("error", events, false);
    }

    private List<StreamEvent> decode(String name) {
        StreamDecoder decoder = codec.streamDecoder();
        List<StreamEvent> events = new ArrayList<>();
        for (SseEvent event : new SseParser().feed(Golden.bytes("streams/" + name + ".upstream.sse"))) {
            events.addAll(decoder.decode(event));
        }
        events.addAll(decoder.end());
        assertThat(decoder.end()).isEmpty();
        return events;
    }

    private void encode(String name, List<StreamEvent> events, boolean showThoughts) {
        ChatRequest.Builder request = ChatRequest.builder("gemini-flash-latest").stream(true)
                .messages(List.of(Message.user("Weather?")));
        if (showThoughts) {
            request.reasoning(new Reasoning(Optional.empty(), OptionalInt.empty(), true));
        }
        StreamEncoder encoder = codec.streamEncoder(request.build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        events.forEach(event -> out.writeBytes(encoder.encode(event)));
        assertThat(encoder.keepAlive()).isEmpty();
        Golden.assertText("streams/" + name + ".client.sse", out.toString(StandardCharsets.UTF_8));
    }
}
