package dev.parley.core.codec.anthropic;

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
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageAudit;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamCodecTest {

    private final AnthropicCodec codec = new AnthropicCodec();

    private static SseEvent event(String name, String data) {
        return SseEvent.of(Optional.of(name), data);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void keepAliveIsAPing() {
        StreamEncoder encoder = codec.streamEncoder(ChatRequest.builder("m").build());

        assertThat(text(encoder.keepAlive())).isEqualTo("event: ping\ndata: {\"type\":\"ping\"}\n\n");
    }

    /** H13: message_start carries the input usage the upstream gave up front; message_delta the final figures. */
    @Test
    void messageStartWaitsForTheUpstreamsInputUsage() {
        StreamEncoder encoder = codec.streamEncoder(ChatRequest.builder("claude-opus-4-8").build());

        assertThat(encoder.encode(new StreamEvent.Start("msg_1", "x"))).isEmpty();
        assertThat(encoder.encode(new StreamEvent.Usage(new TokenUsage(500, 1, 2000, 10, 0, TokenUsage.Source.REPORTED))))
                .isEmpty();
        String first = text(encoder.encode(new StreamEvent.TextStart(0)));
        assertThat(first).startsWith("event: message_start\ndata: ")
                .contains("\"usage\":{\"input_tokens\":500,\"cache_creation_input_tokens\":10,"
                        + "\"cache_read_input_tokens\":2000,\"output_tokens\":1}")
                .contains("\"model\":\"claude-opus-4-8\"")
                .contains("event: ping\n")
                .endsWith("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        assertThat(encoder.encode(new StreamEvent.Finish(FinishReason.MAX_TOKENS, Optional.empty()))).isEmpty();
        String end = text(encoder.encode(new StreamEvent.Done()));
        assertThat(end).startsWith("event: content_block_stop\n")
                .contains("\"stop_reason\":\"max_tokens\"")
                .endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        assertThat(encoder.encode(new StreamEvent.TextDelta(0, "late"))).isEmpty();
        assertThat(encoder.keepAlive()).isEmpty();
    }

    /** A client that did not ask for thinking sees none, and the indexes it sees stay sequential. */
    @Test
    void thinkingIsHiddenFromClientsThatDidNotAskForIt() {
        StreamEncoder encoder = codec.streamEncoder(ChatRequest.builder("m").build());
        String sse = Sse.encode(encoder, List.of(new StreamEvent.Start("msg_1", "x"),
                new StreamEvent.ThinkingStart(0), new StreamEvent.ThinkingDelta(0, "secret"),
                new StreamEvent.SignatureDelta(0, new Signature(Protocol.GEMINI, "g")), new StreamEvent.BlockStop(0),
                new StreamEvent.RedactedThinking(1, new Signature(Protocol.ANTHROPIC_MESSAGES, "r")),
                new StreamEvent.TextStart(2), new StreamEvent.TextDelta(2, "hi"), new StreamEvent.BlockStop(2),
                new StreamEvent.Finish(FinishReason.END_TURN, Optional.empty()), new StreamEvent.Done()));

        assertThat(sse).doesNotContain("secret").doesNotContain("thinking").contains("\"index\":0,\"content_block\":{\"type\":\"text\"")
                .doesNotContain("\"index\":1");
    }

    @Test
    void aFailureIsAnErrorEventNeverACleanEnd() {
        StreamEncoder encoder = codec.streamEncoder(ChatRequest.builder("m").build());
        String sse = Sse.encode(encoder, List.of(new StreamEvent.Start("msg_1", "x"),
                new StreamEvent.Failure(ApiError.of(ErrorKind.RATE_LIMITED, "slow down")), new StreamEvent.Done()));

        assertThat(sse).isEqualTo("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
                + "\"message\":\"slow down\"}}\n\n");
    }

    @Test
    void emptyArgumentsSendNoFragmentAndToolUseFollowsFromTheCalls() {
        StreamEncoder encoder = codec.streamEncoder(ChatRequest.builder("m").build());
        String sse = Sse.encode(encoder, List.of(new StreamEvent.Start("msg_1", "x"),
                new StreamEvent.ToolCallStart(0, "call_1", "TaskList"), new StreamEvent.ArgumentsDelta(0, ""),
                new StreamEvent.BlockStop(0), new StreamEvent.Done()));

        assertThat(sse).doesNotContain("input_json_delta").contains("\"stop_reason\":\"tool_use\"");
    }

    @Test
    void decoderIgnoresPingsAndUsesTheDataTypeWhenTheNameIsMissing() {
        StreamDecoder decoder = codec.streamDecoder();

        assertThat(decoder.decode(event("ping", "{\"type\":\"ping\"}"))).isEmpty();
        assertThat(decoder.decode(SseEvent.of(Optional.empty(), "{\"type\":\"message_start\",\"message\":"
                + "{\"id\":\"msg_1\",\"model\":\"claude\"}}"))).containsExactly(new StreamEvent.Start("msg_1", "claude"));
    }

    @Test
    void decoderMapsInStreamErrorKinds() {
        StreamDecoder decoder = codec.streamDecoder();
        decoder.decode(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"c\"}}"));

        List<StreamEvent> events = decoder.decode(event("error",
                "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of request tokens has exceeded your per-minute rate limit\"}}"));

        assertThat(events).containsExactly(new StreamEvent.Failure(ApiError.of(ErrorKind.RATE_LIMITED,
                "Number of request tokens has exceeded your per-minute rate limit")));
        assertThat(decoder.end()).isEmpty();
        assertThat(decoder.decode(event("message_stop", "{\"type\":\"message_stop\"}"))).isEmpty();
    }

    @Test
    void decoderTurnsGarbageIntoAFailure() {
        StreamDecoder decoder = codec.streamDecoder();

        List<StreamEvent> events = decoder.decode(event("content_block_delta", "{not json"));

        assertThat(events).singleElement().isInstanceOf(StreamEvent.Failure.class);
        assertThat(decoder.end()).isEmpty();
    }

    /** A stream cut after message_delta is still cut: the finish waits for message_stop. */
    @Test
    void decoderHoldsTheFinishUntilMessageStop() {
        StreamDecoder decoder = codec.streamDecoder();
        decoder.decode(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"c\","
                + "\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}"));

        List<StreamEvent> delta = decoder.decode(event("message_delta", "{\"type\":\"message_delta\",\"delta\":"
                + "{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":7}}"));

        assertThat(UsageAudit.counts(delta)).containsExactly(new StreamEvent.Usage(new TokenUsage(5, 7, 0, 0, 0, TokenUsage.Source.REPORTED)));
        assertThat(decoder.end()).singleElement().isInstanceOf(StreamEvent.Failure.class);
    }

    @Test
    void decoderMapsStopReasons() {
        for (String[] pair : new String[][] {{"pause_turn", "PAUSE"}, {"refusal", "REFUSAL"},
                {"model_context_window_exceeded", "CONTEXT_OVERFLOW"}, {"max_tokens", "MAX_TOKENS"},
                {"tool_use", "END_TURN"}}) {
            StreamDecoder decoder = codec.streamDecoder();
            decoder.decode(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"c\"}}"));
            decoder.decode(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + pair[0] + "\"}}"));

            assertThat(decoder.decode(event("message_stop", "{\"type\":\"message_stop\"}"))).as(pair[0]).containsExactly(
                    new StreamEvent.Finish(FinishReason.valueOf(pair[1]), Optional.empty()), new StreamEvent.Done());
        }
    }

    @Test
    void decoderAcceptsDeltasWithoutAnIndex() {
        StreamDecoder decoder = codec.streamDecoder();
        decoder.decode(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"c\"}}"));
        decoder.decode(event("content_block_start", "{\"type\":\"content_block_start\",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));

        assertThat(decoder.decode(event("content_block_delta", "{\"type\":\"content_block_delta\",\"delta\":"
                + "{\"type\":\"text_delta\",\"text\":\"hi\"}}"))).containsExactly(new StreamEvent.TextDelta(0, "hi"));
        assertThat(decoder.decode(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":3,\"delta\":"
                + "{\"type\":\"text_delta\",\"text\":\"other\"}}"))).isEmpty();
        assertThat(decoder.decode(event("content_block_stop", "{\"type\":\"content_block_stop\"}")))
                .containsExactly(new StreamEvent.BlockStop(0));
    }
}
