package dev.parley.core.codec.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.codec.StreamDecoder;
import dev.parley.core.codec.StreamEncoder;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.Signature;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Decoder and encoder behaviour at the edges of the §8 state machines. */
class StreamEdgeTest {

    private static String data(String json) {
        return "data: " + json + "\n\n";
    }

    @Test
    void doneWithoutFinishReasonStillEndsCleanly() {
        List<StreamEvent> events = Fixtures.decode(data("{\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}")
                + "data: [DONE]\n\n");

        assertThat(events).endsWith(new StreamEvent.BlockStop(0), new StreamEvent.Finish(FinishReason.END_TURN, Optional.empty()),
                new StreamEvent.Done());
    }

    @Test
    void nothingAfterTheEnd() {
        StreamDecoder decoder = Fixtures.CODEC.streamDecoder();
        decoder.decode(SseEvent.of(Optional.empty(), "{\"id\":\"x\",\"model\":\"m\",\"choices\":[]}"));
        assertThat(decoder.decode(SseEvent.of(Optional.empty(), "[DONE]"))).endsWith(new StreamEvent.Done());

        assertThat(decoder.decode(SseEvent.of(Optional.empty(), "{\"choices\":[{\"delta\":{\"content\":\"late\"}}]}"))).isEmpty();
        assertThat(decoder.end()).isEmpty();
    }

    @Test
    void aChunkThatIsNotJsonBreaksTheStream() {
        List<StreamEvent> events = Fixtures.decode("data: {not json\n\n");

        assertThat(events).singleElement().isInstanceOf(StreamEvent.Failure.class);
    }

    @Test
    void inStreamRateLimitWithNumericCode() { // OpenRouter style
        List<StreamEvent> events = Fixtures.decode(data("{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded\"}}"));

        assertThat(events).singleElement().isInstanceOfSatisfying(StreamEvent.Failure.class,
                f -> assertThat(f.error().kind()).isEqualTo(ErrorKind.RATE_LIMITED));
    }

    @Test
    void toolCallsWithoutIndexAndWithGeminiSignatures() {
        List<StreamEvent> events = Fixtures.decode(
                data("{\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"delta\":{\"tool_calls\":[{\"id\":\"a\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"},\"extra_content\":{\"google\":{\"thought_signature\":\"S\"}}},"
                        + "{\"id\":\"b\",\"type\":\"function\",\"function\":{\"name\":\"g\",\"arguments\":\"{\\\"k\\\":1}\"}}]}}]}")
                + data("{\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"delta\":{},\"finish_reason\":\"tool_calls\"}]}") + "data: [DONE]\n\n");

        assertThat(events).containsExactly(
                new StreamEvent.Start("x", "m"),
                new StreamEvent.ToolCallStart(0, "a", "f"),
                new StreamEvent.ArgumentsDelta(0, "{}"),
                new StreamEvent.SignatureDelta(0, new Signature(Protocol.OPENAI_CHAT, "S")),
                new StreamEvent.BlockStop(0),
                new StreamEvent.ToolCallStart(1, "b", "g"),
                new StreamEvent.ArgumentsDelta(1, "{\"k\":1}"),
                new StreamEvent.BlockStop(1),
                new StreamEvent.Finish(FinishReason.TOOL_CALLS, Optional.empty()),
                new StreamEvent.Done());
    }

    @Test
    void aCustomCallFromTheUpstreamIsWrappedAsInput() {
        List<StreamEvent> events = Fixtures.decode(
                data("{\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"type\":\"custom\","
                        + "\"custom\":{\"name\":\"apply_patch\",\"input\":\"*** Begin\"}}]}}]}")
                + data("{\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"custom\":{\"input\":\"\\n*** End\"}}]}}]}")
                + data("{\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"delta\":{},\"finish_reason\":\"tool_calls\"}]}") + "data: [DONE]\n\n");

        assertThat(events).contains(new StreamEvent.ToolCallStart(0, "c", "apply_patch"),
                new StreamEvent.ArgumentsDelta(0, "{\"input\":\"*** Begin\\n*** End\"}"));
    }

    @Test
    void encoderKeepAliveIsACommentAndStopsAfterTheEnd() {
        StreamEncoder encoder = Fixtures.CODEC.streamEncoder(Fixtures.clientRequest(true, false));

        assertThat(new String(encoder.keepAlive(), StandardCharsets.UTF_8)).isEqualTo(": keep-alive\n\n");
        encoder.encode(new StreamEvent.Failure(ApiError.of(ErrorKind.OVERLOADED, "busy")));
        assertThat(encoder.keepAlive()).isEmpty();
        assertThat(encoder.encode(new StreamEvent.Done())).isEmpty();
    }

    @Test
    void encoderWithoutStartStillSendsTheRoleChunkFirst() {
        ChatRequest request = Fixtures.clientRequest(true, false);
        String sse = Fixtures.encode(List.of(new StreamEvent.TextStart(0), new StreamEvent.TextDelta(0, "x"),
                new StreamEvent.BlockStop(0), new StreamEvent.Finish(FinishReason.STOP_SEQUENCE, Optional.of("END")),
                new StreamEvent.Done()), request);

        assertThat(sse.split("\n\n")).hasSize(4);
        assertThat(sse).startsWith("data: {\"id\":\"chatcmpl-").contains("\"delta\":{\"role\":\"assistant\",\"content\":\"\"}")
                .contains("\"finish_reason\":\"stop\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void aFailureBeforeAnythingIsJustTheErrorObject() {
        String sse = Fixtures.encode(List.of(new StreamEvent.Failure(ApiError.of(ErrorKind.RATE_LIMITED, "slow down"))),
                Fixtures.clientRequest(true, true));

        assertThat(sse).isEqualTo("data: {\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\",\"param\":null,"
                + "\"code\":\"rate_limit_exceeded\"}}\n\n");
    }

    @Test
    void textInsideAnUnfinishedCallWaitsForTheCallToEnd() {
        List<StreamEvent> events = Fixtures.decode(
                data("{\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"a\","
                        + "\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"k\\\":\"}}]}}]}")
                + data("{\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"delta\":{\"content\":\"\\n\"}}]}")
                + data("{\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"1}\"}}]}}]}")
                + data("{\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"delta\":{},\"finish_reason\":\"tool_calls\"}]}") + "data: [DONE]\n\n");

        assertThat(events).containsExactly(
                new StreamEvent.Start("x", "m"),
                new StreamEvent.ToolCallStart(0, "a", "f"),
                new StreamEvent.ArgumentsDelta(0, "{\"k\":"),
                new StreamEvent.ArgumentsDelta(0, "1}"),
                new StreamEvent.BlockStop(0),
                new StreamEvent.TextStart(1),
                new StreamEvent.TextDelta(1, "\n"),
                new StreamEvent.BlockStop(1),
                new StreamEvent.Finish(FinishReason.TOOL_CALLS, Optional.empty()),
                new StreamEvent.Done());
    }

    @Test
    void aCallsSignatureReachesTheClientAndComesBackThroughTheDecoder() { // H1
        Signature gemini = new Signature(Protocol.GEMINI, "gem");
        String sse = Fixtures.encode(List.of(new StreamEvent.Start("r", "m"),
                new StreamEvent.ThinkingStart(0), new StreamEvent.ThinkingDelta(0, "t"),
                new StreamEvent.SignatureDelta(0, new Signature(Protocol.ANTHROPIC_MESSAGES, "anthropic-only")),
                new StreamEvent.BlockStop(0),
                new StreamEvent.ToolCallStart(1, "c", "f"), new StreamEvent.ArgumentsDelta(1, "{}"),
                new StreamEvent.SignatureDelta(1, gemini), new StreamEvent.BlockStop(1),
                new StreamEvent.Finish(FinishReason.TOOL_CALLS, Optional.empty()), new StreamEvent.Done()),
                Fixtures.clientRequest(true, false));

        assertThat(sse).doesNotContain("anthropic-only")
                .contains("{\"index\":0,\"extra_content\":{\"google\":{\"thought_signature\":\"" + gemini.carried() + "\"}}}");
        // The Chat decoder reads what it finds there as the upstream's own token.
        assertThat(Fixtures.decode(sse)).contains(new StreamEvent.SignatureDelta(1,
                new Signature(Protocol.OPENAI_CHAT, gemini.carried())));
    }
}
