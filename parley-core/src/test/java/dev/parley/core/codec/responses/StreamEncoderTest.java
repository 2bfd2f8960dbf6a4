package dev.parley.core.codec.responses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.codec.StreamEncoder;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.usage.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The framing Codex depends on (§8.2, H15). */
class StreamEncoderTest {

    private final ChatRequest request = Requests.parse("{\"model\":\"codex-alias\",\"input\":\"hi\",\"stream\":true}");

    @Test
    void everyEventIsNamedAndNumberedInOrder() {
        List<SseEvent> events = Golden.events(StreamGoldenTest.encode(request, List.of(
                new StreamEvent.Start("chatcmpl-1", "gpt-4.1"), new StreamEvent.TextStart(0),
                new StreamEvent.TextDelta(0, "a"), new StreamEvent.BlockStop(0),
                new StreamEvent.Finish(FinishReason.END_TURN, Optional.empty()), new StreamEvent.Done())));

        for (int i = 0; i < events.size(); i++) {
            JsonNode data = Golden.JSON_READER.readTree(events.get(i).data());
            assertThat(events.get(i).name()).contains(data.get("type").asString());
            assertThat(data.get("sequence_number").asInt()).isEqualTo(i);
        }
        assertThat(events).extracting(e -> e.name().orElseThrow()).startsWith("response.created", "response.in_progress")
                .endsWith("response.completed");
    }

    /** H15: the terminal event carries the response id and usage Codex reads. */
    @Test
    void usageArrivingAfterTheFinishIsInTheCompletedEvent() {
        List<SseEvent> events = Golden.events(StreamGoldenTest.encode(request, List.of(
                new StreamEvent.Start("x", "m"), new StreamEvent.Finish(FinishReason.END_TURN, Optional.empty()),
                new StreamEvent.Usage(new TokenUsage(10, 5, 90, 0, 2, TokenUsage.Source.REPORTED)),
                new StreamEvent.Done())));

        JsonNode response = Golden.JSON_READER.readTree(events.getLast().data()).get("response");
        assertThat(response.get("id").asString()).isEqualTo("resp_x");
        assertThat(response.get("usage")).isEqualTo(Golden.JSON_READER.readTree("""
                {"input_tokens":100,"input_tokens_details":{"cached_tokens":90},"output_tokens":5,
                 "output_tokens_details":{"reasoning_tokens":2},"total_tokens":105}"""));
    }

    @Test
    void contextOverflowFailsWithTheCodeCodexCompactsOn() {
        JsonNode error = failed(ApiError.of(ErrorKind.CONTEXT_LENGTH, "prompt is too long: 210000 tokens > 200000 maximum"));

        assertThat(error.get("code").asString()).isEqualTo("context_length_exceeded");
        assertThat(error.get("message").asString()).isEqualTo("prompt is too long: 210000 tokens > 200000 maximum");
    }

    @Test
    void otherFailuresAreServerErrors() {
        assertThat(failed(ApiError.of(ErrorKind.OVERLOADED, "Overloaded")).get("code").asString()).isEqualTo("server_error");
        assertThat(failed(ApiError.of(ErrorKind.BILLING, "quota")).get("code").asString()).isEqualTo("insufficient_quota");
    }

    @Test
    void aFailureBeforeAnyEventStillNamesAResponse() {
        List<SseEvent> events = Golden.events(StreamGoldenTest.encode(request,
                List.of(new StreamEvent.Failure(ApiError.of(ErrorKind.UPSTREAM, "ended early")))));

        assertThat(events).extracting(e -> e.name().orElseThrow())
                .containsExactly("response.created", "response.in_progress", "response.failed");
        assertThat(Golden.JSON_READER.readTree(events.getLast().data()).at("/response/id").asString()).startsWith("resp_");
    }

    /** §8 rule 4: the keep-alive is a real event, since Codex's idle timer ignores comments. */
    @Test
    void keepAliveIsAnInProgressEventOnlyWhileStreaming() {
        StreamEncoder encoder = new ResponsesCodec(() -> 1L).streamEncoder(request);

        assertThat(encoder.keepAlive()).isEmpty();
        encoder.encode(new StreamEvent.Start("x", "m"));
        List<SseEvent> ping = Golden.events(encoder.keepAlive());
        encoder.encode(new StreamEvent.Done());

        assertThat(ping).singleElement().satisfies(e -> {
            assertThat(e.name()).contains("response.in_progress");
            assertThat(Golden.JSON_READER.readTree(e.data()).get("sequence_number").asInt()).isEqualTo(2);
        });
        assertThat(encoder.keepAlive()).isEmpty();
        assertThat(encoder.encode(new StreamEvent.TextStart(0))).isEmpty();
    }

    /** A local shell call whose arguments hold no command list is passed on as the function call it is. */
    @Test
    void aLocalShellCallWithoutACommandIsAFunctionCall() {
        List<SseEvent> events = Golden.events(StreamGoldenTest.encode(Requests.codexTools(), List.of(
                new StreamEvent.Start("x", "m"), new StreamEvent.ToolCallStart(0, "c1", "local_shell"),
                new StreamEvent.ArgumentsDelta(0, "{\"cmd\":\"ls\"}"), new StreamEvent.BlockStop(0),
                new StreamEvent.Finish(FinishReason.TOOL_CALLS, Optional.empty()), new StreamEvent.Done())));

        List<String> names = new ArrayList<>();
        events.forEach(e -> names.add(e.name().orElseThrow()));
        assertThat(names).containsSubsequence("response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done");
        JsonNode done = Golden.JSON_READER.readTree(events.get(events.size() - 2).data()).get("item");
        assertThat(done.get("type").asString()).isEqualTo("function_call");
        assertThat(done.get("arguments").asString()).isEqualTo("{\"cmd\":\"ls\"}");
    }

    private JsonNode failed(ApiError error) {
        List<SseEvent> events = Golden.events(StreamGoldenTest.encode(request,
                List.of(new StreamEvent.Start("x", "m"), new StreamEvent.Failure(error))));
        SseEvent last = events.getLast();
        assertThat(last.name()).contains("response.failed");
        return Golden.JSON_READER.readTree(last.data()).at("/response/error");
    }
}
