package dev.parley.core.codec.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.StreamDecoder;
import dev.parley.core.codec.StreamEncoder;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.Message;
import dev.parley.core.model.Signature;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Streams that end oddly, in both directions. */
class StreamEdgeTest {

    private final GeminiCodec codec = new GeminiCodec();

    @Test
    void anEmptyStreamIsCut() {
        StreamDecoder decoder = codec.streamDecoder();

        assertThat(decoder.end()).singleElement().isInstanceOf(StreamEvent.Failure.class);
        assertThat(decoder.end()).isEmpty();
    }

    @Test
    void aBlockedPromptFinishesAsFiltered() {
        List<StreamEvent> events = decode("{\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"},\"responseId\":\"r\"}");

        assertThat(events).containsExactly(new StreamEvent.Start("r", ""),
                new StreamEvent.Finish(FinishReason.CONTENT_FILTER, Optional.empty()), new StreamEvent.Done());
    }

    @Test
    void eventsThatAreNotJsonBreakTheStreamAndNothingFollows() {
        StreamDecoder decoder = codec.streamDecoder();

        List<StreamEvent> events = new ArrayList<>(decoder.decode(SseEvent.of(Optional.empty(), "{oops")));
        events.addAll(decoder.decode(SseEvent.of(Optional.empty(),
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"x\"}]},\"finishReason\":\"STOP\"}]}")));
        events.addAll(decoder.end());

        assertThat(events).singleElement().isInstanceOfSatisfying(StreamEvent.Failure.class,
                f -> assertThat(f.error().kind()).isEqualTo(ErrorKind.UPSTREAM));
    }

    @Test
    void withoutAResponseIdTheStreamStillGetsOneAndCallsGetIds() {
        List<StreamEvent> events = decode(
                "{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"ls\"}}]},\"finishReason\":\"MAX_TOKENS\"}]}");

        assertThat(((StreamEvent.Start) events.getFirst()).id()).startsWith("gen-");
        assertThat(events.get(1)).isInstanceOfSatisfying(StreamEvent.ToolCallStart.class,
                s -> assertThat(s.id()).startsWith("call_"));
        assertThat(events.get(2)).isEqualTo(new StreamEvent.ArgumentsDelta(0, "{}"));
        // A whole call cut by the token limit is still a truncated answer.
        assertThat(events).contains(new StreamEvent.Finish(FinishReason.MAX_TOKENS, Optional.empty()));
    }

    @Test
    void aSignatureOnTheFirstTextChunkFollowsTheWholeTextBlock() {
        List<StreamEvent> events = decode(
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hel\",\"thoughtSignature\":\"c2ln\"}]}}],\"responseId\":\"r\"}",
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"lo\"}]},\"finishReason\":\"STOP\"}]}");

        assertThat(events).containsExactly(new StreamEvent.Start("r", ""), new StreamEvent.TextStart(0),
                new StreamEvent.TextDelta(0, "Hel"), new StreamEvent.TextDelta(0, "lo"), new StreamEvent.BlockStop(0),
                new StreamEvent.ThinkingStart(1),
                new StreamEvent.SignatureDelta(1, new Signature(Protocol.GEMINI, "c2ln")), new StreamEvent.BlockStop(1),
                new StreamEvent.Finish(FinishReason.END_TURN, Optional.empty()), new StreamEvent.Done());
    }

    @Test
    void afterAFailureTheEncoderWritesNothingMore() {
        StreamEncoder encoder = codec.streamEncoder(ChatRequest.builder("m").messages(List.of(Message.user("q"))).build());

        String error = new String(encoder.encode(new StreamEvent.Failure(
                ApiError.of(ErrorKind.RATE_LIMITED, "Slow down.").withRetryAfter(java.time.Duration.ofSeconds(3)))),
                StandardCharsets.UTF_8);

        assertThat(error).isEqualTo("data: {\"error\":{\"code\":429,\"message\":\"Slow down.\",\"status\":\"RESOURCE_EXHAUSTED\","
                + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"3s\"}]}}\n\n");
        assertThat(encoder.encode(new StreamEvent.Done())).isEmpty();
    }

    @Test
    void anUpstreamErrorBodyIsNotAnAnswer() {
        assertThatThrownBy(() -> codec.parseResponse(
                "{\"error\":{\"code\":500,\"message\":\"boom\"}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CodecException.class).hasMessageContaining("boom");
    }

    @Test
    void aNonStreamingAnswerWithoutFinishReasonEndsTheTurn() {
        ChatResponse response = codec.parseResponse(
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"hi\"}]}}]}".getBytes(StandardCharsets.UTF_8));

        assertThat(response.finish()).isEqualTo(FinishReason.END_TURN);
        assertThat(response.text()).isEqualTo("hi");
    }

    private List<StreamEvent> decode(String... chunks) {
        StreamDecoder decoder = codec.streamDecoder();
        List<StreamEvent> events = new ArrayList<>();
        for (String chunk : chunks) {
            events.addAll(decoder.decode(SseEvent.of(Optional.empty(), chunk)));
        }
        events.addAll(decoder.end());
        return events;
    }
}
