package dev.parley.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class ResponsesProtocolTest {

    @RegisterExtension
    static final FakeProviderExtension upstream = new FakeProviderExtension();

    private static final String REQUEST = """
            {"model":"gpt-5-codex","input":"List the files."}""";
    private static final String STREAM = """
            {"model":"gpt-5-codex","input":"List the files.","stream":true}""";

    @Test
    void nonStreamingIsAResponseObjectWithOneItemPerPiece() {
        upstream.enqueue(Reply.text("Listing files.").withThinking("Need the file list.")
                .thenToolCall("shell", "{\"command\":[\"ls\"]}", "call_A1")
                .withUsage(Usage.of(1900, 210).withCacheRead(1536).withReasoning(128)));

        JsonNode body = TestHttp.json(TestHttp.post(upstream.fake(), "/v1/responses", REQUEST));

        assertThat(body.path("object").asString()).isEqualTo("response");
        assertThat(body.path("id").asString()).startsWith("resp_");
        assertThat(body.path("status").asString()).isEqualTo("completed");
        assertThat(body.path("error").isNull()).isTrue();
        JsonNode output = body.path("output");
        assertThat(output.get(0).path("type").asString()).isEqualTo("reasoning");
        assertThat(output.get(0).path("summary").get(0).path("text").asString()).isEqualTo("Need the file list.");
        assertThat(output.get(1).path("type").asString()).isEqualTo("message");
        assertThat(output.get(1).path("content").get(0).path("type").asString()).isEqualTo("output_text");
        assertThat(output.get(1).path("content").get(0).path("text").asString()).isEqualTo("Listing files.");
        assertThat(output.get(2).path("type").asString()).isEqualTo("function_call");
        assertThat(output.get(2).path("id").asString()).startsWith("fc_");
        assertThat(output.get(2).path("call_id").asString()).isEqualTo("call_A1");
        assertThat(output.get(2).path("arguments").asString()).isEqualTo("{\"command\":[\"ls\"]}");
        JsonNode usage = body.path("usage");
        assertThat(usage.path("input_tokens").asLong()).isEqualTo(1900);
        assertThat(usage.path("input_tokens_details").path("cached_tokens").asLong()).isEqualTo(1536);
        assertThat(usage.path("output_tokens").asLong()).isEqualTo(210);
        assertThat(usage.path("output_tokens_details").path("reasoning_tokens").asLong()).isEqualTo(128);
        assertThat(usage.path("total_tokens").asLong()).isEqualTo(2110);
    }

    @Test
    void textStreamHasTheFullEventSequence() {
        upstream.enqueue(Reply.text("Listing files.").withTextChunks(2));

        List<SseEvent> events = SseEvent.parse(TestHttp.post(upstream.fake(), "/v1/responses", STREAM).body());

        assertThat(SseEvent.names(events)).containsExactly(
                "response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added",
                "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.completed");
        assertEventsAreTypedAndNumbered(events);
        List<JsonNode> payloads = SseEvent.payloads(events);
        assertThat(payloads.get(0).path("response").path("status").asString()).isEqualTo("in_progress");
        assertThat(payloads.get(4).path("delta").asString() + payloads.get(5).path("delta").asString())
                .isEqualTo("Listing files.");
        assertThat(payloads.get(6).path("text").asString()).isEqualTo("Listing files.");
        assertThat(payloads.get(8).path("item").path("status").asString()).isEqualTo("completed");
        JsonNode completed = payloads.getLast().path("response");
        assertThat(completed.path("status").asString()).isEqualTo("completed");
        assertThat(completed.path("output").get(0).path("content").get(0).path("text").asString())
                .isEqualTo("Listing files.");
        assertThat(completed.path("usage").path("input_tokens").asLong()).isEqualTo(12);
    }

    @Test
    void functionCallStreamsArgumentsAndReasoningStreamsASummary() {
        upstream.enqueue(Reply.toolCall("shell", "{\"command\":[\"ls\",\"-la\"]}").withThinking("Plan.")
                .withTextChunks(3));

        List<SseEvent> events = SseEvent.parse(TestHttp.post(upstream.fake(), "/v1/responses", STREAM).body());

        assertThat(SseEvent.names(events)).containsExactly(
                "response.created", "response.in_progress",
                "response.output_item.added", "response.reasoning_summary_part.added",
                "response.reasoning_summary_text.delta", "response.reasoning_summary_text.delta",
                "response.reasoning_summary_text.delta", "response.reasoning_summary_text.done",
                "response.reasoning_summary_part.done", "response.output_item.done",
                "response.output_item.added",
                "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.function_call_arguments.delta", "response.function_call_arguments.done",
                "response.output_item.done", "response.completed");
        assertEventsAreTypedAndNumbered(events);
        List<JsonNode> payloads = SseEvent.payloads(events);
        JsonNode added = payloads.get(10);
        assertThat(added.path("output_index").asInt()).isEqualTo(1);
        assertThat(added.path("item").path("type").asString()).isEqualTo("function_call");
        assertThat(added.path("item").path("status").asString()).isEqualTo("in_progress");
        assertThat(added.path("item").path("arguments").asString()).isEmpty();
        String arguments = payloads.subList(11, 14).stream().map(p -> p.path("delta").asString())
                .reduce("", String::concat);
        assertThat(arguments).isEqualTo("{\"command\":[\"ls\",\"-la\"]}");
        assertThat(payloads.get(14).path("arguments").asString()).isEqualTo(arguments);
        assertThat(payloads.get(15).path("item").path("arguments").asString()).isEqualTo(arguments);
        assertThat(payloads.get(15).path("item").path("call_id").asString()).startsWith("call_");
        assertThat(payloads.getLast().path("response").path("output")).hasSize(2);
    }

    @Test
    void lengthEndsIncomplete() {
        Reply truncated = Reply.text("Half a").withFinish(Finish.LENGTH);
        upstream.enqueue(truncated, truncated);

        JsonNode body = TestHttp.json(TestHttp.post(upstream.fake(), "/v1/responses", REQUEST));
        List<SseEvent> events = SseEvent.parse(TestHttp.post(upstream.fake(), "/v1/responses", STREAM).body());

        assertThat(body.path("status").asString()).isEqualTo("incomplete");
        assertThat(body.path("incomplete_details").path("reason").asString()).isEqualTo("max_output_tokens");
        assertThat(events.getLast().event()).hasValue("response.incomplete");
        assertThat(events.getLast().json().path("response").path("status").asString()).isEqualTo("incomplete");
    }

    static void assertEventsAreTypedAndNumbered(List<SseEvent> events) {
        List<Integer> numbers = new ArrayList<>();
        for (SseEvent event : events) {
            assertThat(event.json().path("type").asString()).isEqualTo(event.event().orElseThrow());
            numbers.add(event.json().path("sequence_number").asInt());
        }
        assertThat(numbers).isEqualTo(java.util.stream.IntStream.range(0, events.size()).boxed().toList());
    }
}
