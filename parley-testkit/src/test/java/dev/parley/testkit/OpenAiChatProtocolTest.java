package dev.parley.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class OpenAiChatProtocolTest {

    @RegisterExtension
    static final FakeProviderExtension upstream = new FakeProviderExtension();

    private static final String REQUEST = """
            {"model":"gpt-5-mini","messages":[{"role":"user","content":"Hi"}]}""";
    private static final String STREAM = """
            {"model":"gpt-5-mini","stream":true,"messages":[{"role":"user","content":"Hi"}]}""";
    private static final String STREAM_WITH_USAGE = """
            {"model":"gpt-5-mini","stream":true,"stream_options":{"include_usage":true},"messages":[]}""";

    @Test
    void nonStreamingTextIsAChatCompletion() {
        upstream.enqueue(Reply.text("Hello there.").withUsage(Usage.of(812, 96).withCacheRead(512).withReasoning(64)));

        HttpResponse<String> response = TestHttp.post(upstream.fake(), "/v1/chat/completions", REQUEST);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
        JsonNode body = TestHttp.json(response);
        assertThat(body.path("id").asString()).startsWith("chatcmpl-");
        assertThat(body.path("object").asString()).isEqualTo("chat.completion");
        assertThat(body.path("created").isIntegralNumber()).isTrue();
        assertThat(body.path("model").asString()).isEqualTo("gpt-5-mini");
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("finish_reason").asString()).isEqualTo("stop");
        assertThat(choice.path("message").path("role").asString()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asString()).isEqualTo("Hello there.");
        assertThat(choice.path("message").has("tool_calls")).isFalse();
        JsonNode usage = body.path("usage");
        assertThat(usage.path("prompt_tokens").asLong()).as("includes cached tokens").isEqualTo(812);
        assertThat(usage.path("completion_tokens").asLong()).as("includes reasoning tokens").isEqualTo(96);
        assertThat(usage.path("total_tokens").asLong()).isEqualTo(908);
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asLong()).isEqualTo(512);
        assertThat(usage.path("completion_tokens_details").path("reasoning_tokens").asLong()).isEqualTo(64);
    }

    @Test
    void nonStreamingToolCallHasStringArgumentsAndNullContent() {
        upstream.enqueue(Reply.toolCall("get_weather", "{\"city\":\"Oslo\"}", "call_1"));

        JsonNode body = TestHttp.json(TestHttp.post(upstream.fake(), "/v1/chat/completions", REQUEST));

        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("finish_reason").asString()).isEqualTo("tool_calls");
        JsonNode message = choice.path("message");
        assertThat(message.path("content").isNull()).isTrue();
        JsonNode call = message.path("tool_calls").get(0);
        assertThat(call.path("id").asString()).isEqualTo("call_1");
        assertThat(call.path("type").asString()).isEqualTo("function");
        assertThat(call.path("function").path("name").asString()).isEqualTo("get_weather");
        assertThat(call.path("function").path("arguments").isString()).isTrue();
        assertThat(TestHttp.json(call.path("function").path("arguments").asString()).path("city").asString())
                .isEqualTo("Oslo");
    }

    @Test
    void streamIsDataLinesEndingInDoneWithoutUsageUnlessAsked() {
        upstream.enqueue(Reply.text("Hello there, streaming.").withTextChunks(4));

        HttpResponse<String> response = TestHttp.post(upstream.fake(), "/v1/chat/completions", STREAM);

        assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
        List<SseEvent> events = SseEvent.parse(response.body());
        assertThat(events).allSatisfy(event -> assertThat(event.event()).as("Chat has no event lines").isEmpty());
        assertThat(events.getLast().data()).isEqualTo("[DONE]");
        List<JsonNode> chunks = SseEvent.payloads(events.subList(0, events.size() - 1));
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.path("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("id").asString()).isEqualTo(chunks.getFirst().path("id").asString());
            assertThat(chunk.has("usage")).as("no usage field without include_usage").isFalse();
        });
        JsonNode first = chunks.getFirst().path("choices").get(0).path("delta");
        assertThat(first.path("role").asString()).isEqualTo("assistant");
        assertThat(first.path("content").asString()).isEmpty();
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> text.append(chunk.path("choices").get(0).path("delta").path("content").asString("")));
        assertThat(text).hasToString("Hello there, streaming.");
        assertThat(chunks).hasSize(1 + 4 + 1);
        JsonNode last = chunks.getLast().path("choices").get(0);
        assertThat(last.path("finish_reason").asString()).isEqualTo("stop");
        assertThat(last.path("delta").isEmpty()).isTrue();
    }

    @Test
    void includeUsageAddsAUsageChunkAfterTheFinishChunk() {
        upstream.enqueue(Reply.text("Hi").withUsage(Usage.of(20, 3)));

        List<SseEvent> events = SseEvent.parse(
                TestHttp.post(upstream.fake(), "/v1/chat/completions", STREAM_WITH_USAGE).body());

        assertThat(events.getLast().data()).isEqualTo("[DONE]");
        JsonNode usageChunk = events.get(events.size() - 2).json();
        assertThat(usageChunk.path("choices").isArray()).isTrue();
        assertThat(usageChunk.path("choices").isEmpty()).isTrue();
        assertThat(usageChunk.path("usage").path("prompt_tokens").asLong()).isEqualTo(20);
        assertThat(usageChunk.path("usage").path("completion_tokens").asLong()).isEqualTo(3);
        assertThat(usageChunk.path("usage").path("total_tokens").asLong()).isEqualTo(23);
        JsonNode finish = events.get(events.size() - 3).json();
        assertThat(finish.path("choices").get(0).path("finish_reason").asString()).isEqualTo("stop");
        assertThat(SseEvent.payloads(events.subList(0, events.size() - 2))).allSatisfy(chunk ->
                assertThat(chunk.path("usage").isNull()).as("usage is null on every other chunk").isTrue());
    }

    @Test
    void streamedToolCallNamesItselfOnceThenStreamsArguments() {
        upstream.enqueue(Reply.text("Checking").thenToolCall("get_weather", "{\"city\":\"Oslo\"}")
                .thenToolCall("get_time", "{\"zone\":\"CET\"}"));

        List<SseEvent> events = SseEvent.parse(TestHttp.post(upstream.fake(), "/chat/completions", STREAM).body());

        List<JsonNode> fragments = SseEvent.payloads(events.subList(0, events.size() - 1)).stream()
                .map(chunk -> chunk.path("choices").get(0).path("delta").path("tool_calls"))
                .filter(JsonNode::isArray).map(calls -> calls.get(0)).toList();
        StringBuilder[] arguments = {new StringBuilder(), new StringBuilder()};
        int[] openings = new int[2];
        for (JsonNode fragment : fragments) {
            int index = fragment.path("index").asInt();
            if (fragment.has("id")) {
                openings[index]++;
                assertThat(fragment.path("type").asString()).isEqualTo("function");
                assertThat(fragment.path("function").path("name").asString())
                        .isEqualTo(index == 0 ? "get_weather" : "get_time");
            } else {
                assertThat(fragment.path("function").has("name")).isFalse();
            }
            arguments[index].append(fragment.path("function").path("arguments").asString());
        }
        assertThat(openings).containsExactly(1, 1);
        assertThat(TestHttp.json(arguments[0].toString()).path("city").asString()).isEqualTo("Oslo");
        assertThat(TestHttp.json(arguments[1].toString()).path("zone").asString()).isEqualTo("CET");
        JsonNode finish = events.get(events.size() - 2).json().path("choices").get(0);
        assertThat(finish.path("finish_reason").asString()).isEqualTo("tool_calls");
    }

    @Test
    void thinkingGoesOutAsReasoningContent() {
        Reply thinking = Reply.text("42").withThinking("Let me think.");
        upstream.enqueue(thinking, thinking);

        JsonNode body = TestHttp.json(TestHttp.post(upstream.fake(), "/v1/chat/completions", REQUEST));
        List<SseEvent> events = SseEvent.parse(TestHttp.post(upstream.fake(), "/v1/chat/completions", STREAM).body());

        assertThat(body.path("choices").get(0).path("message").path("reasoning_content").asString())
                .isEqualTo("Let me think.");
        String streamed = SseEvent.payloads(events.subList(0, events.size() - 1)).stream()
                .map(c -> c.path("choices").get(0).path("delta").path("reasoning_content").asString(""))
                .reduce("", String::concat);
        assertThat(streamed).isEqualTo("Let me think.");
    }

    @Test
    void lengthFinishIsLength() {
        upstream.enqueue(Reply.text("cut sh").withFinish(Finish.LENGTH));

        JsonNode body = TestHttp.json(TestHttp.post(upstream.fake(), "/v1/chat/completions", REQUEST));

        assertThat(body.path("choices").get(0).path("finish_reason").asString()).isEqualTo("length");
    }

    @Test
    void malformedJsonIsAnOpenAiBadRequest() {
        HttpResponse<String> response = TestHttp.post(upstream.fake(), "/v1/chat/completions", "{not json");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(response).path("error").path("type").asString()).isEqualTo("invalid_request_error");
    }
}
