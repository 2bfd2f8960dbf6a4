package dev.parley.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class AnthropicProtocolTest {

    @RegisterExtension
    static final FakeProviderExtension upstream = new FakeProviderExtension();

    private static final String REQUEST = """
            {"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":"Weather?"}]}""";
    private static final String STREAM = """
            {"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"messages":[]}""";

    private static final Reply WEATHER = Reply.text("Let me check.").withThinking("User wants weather")
            .thenToolCall("get_weather", "{\"city\": \"Oslo\"}", "toolu_01XyZ")
            .withUsage(Usage.of(1842, 130).withCacheRead(1800));

    @Test
    void nonStreamingIsAMessageWithSplitUsage() {
        upstream.enqueue(WEATHER);

        HttpResponse<String> response = TestHttp.post(upstream.fake(), "/v1/messages", REQUEST);

        assertThat(response.headers().firstValue("request-id")).isPresent();
        JsonNode body = TestHttp.json(response);
        assertThat(body.path("type").asString()).isEqualTo("message");
        assertThat(body.path("role").asString()).isEqualTo("assistant");
        assertThat(body.path("id").asString()).startsWith("msg_");
        JsonNode content = body.path("content");
        assertThat(content.get(0).path("type").asString()).isEqualTo("thinking");
        assertThat(content.get(0).path("signature").asString()).isNotEmpty();
        assertThat(content.get(1).path("text").asString()).isEqualTo("Let me check.");
        assertThat(content.get(2).path("type").asString()).isEqualTo("tool_use");
        assertThat(content.get(2).path("id").asString()).isEqualTo("toolu_01XyZ");
        assertThat(content.get(2).path("input").path("city").asString()).isEqualTo("Oslo");
        assertThat(body.path("stop_reason").asString()).isEqualTo("tool_use");
        assertThat(body.path("stop_sequence").isNull()).isTrue();
        JsonNode usage = body.path("usage");
        assertThat(usage.path("input_tokens").asLong()).as("excludes cache reads").isEqualTo(42);
        assertThat(usage.path("cache_read_input_tokens").asLong()).isEqualTo(1800);
        assertThat(usage.path("cache_creation_input_tokens").asLong()).isZero();
        assertThat(usage.path("output_tokens").asLong()).isEqualTo(130);
    }

    @Test
    void streamHasTheExactEventSequence() {
        upstream.enqueue(WEATHER.withTextChunks(1));

        List<SseEvent> events = SseEvent.parse(
                TestHttp.post(upstream.fake(), "/v1/messages?beta=true", STREAM).body());

        assertThat(SseEvent.names(events)).containsExactly(
                "message_start", "ping",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop");
        assertThat(events).allSatisfy(event ->
                assertThat(event.json().path("type").asString()).isEqualTo(event.event().orElseThrow()));
        List<JsonNode> payloads = SseEvent.payloads(events);
        JsonNode start = payloads.getFirst().path("message");
        assertThat(start.path("content").isEmpty()).isTrue();
        assertThat(start.path("stop_reason").isNull()).isTrue();
        assertThat(start.path("usage").path("input_tokens").asLong()).isEqualTo(42);
        assertThat(start.path("usage").path("cache_read_input_tokens").asLong()).isEqualTo(1800);
        assertThat(payloads.get(3).path("delta").path("type").asString()).isEqualTo("thinking_delta");
        assertThat(payloads.get(4).path("delta").path("type").asString())
                .as("the signature comes just before the thinking block stops").isEqualTo("signature_delta");
        JsonNode toolStart = payloads.get(9).path("content_block");
        assertThat(toolStart.path("type").asString()).isEqualTo("tool_use");
        assertThat(toolStart.path("input").isEmpty()).isTrue();
        assertThat(payloads.get(9).path("index").asInt()).isEqualTo(2);
        String partialJson = payloads.subList(10, 12).stream()
                .map(p -> p.path("delta").path("partial_json").asString()).reduce("", String::concat);
        assertThat(TestHttp.json(partialJson).path("city").asString()).isEqualTo("Oslo");
        JsonNode delta = payloads.get(13);
        assertThat(delta.path("delta").path("stop_reason").asString()).isEqualTo("tool_use");
        assertThat(delta.path("usage").path("output_tokens").asLong()).isEqualTo(130);
    }

    @Test
    void streamIsByteExact() {
        upstream.enqueue(Reply.text("Hi there").withTextChunks(2).withUsage(Usage.of(10, 2)));

        String body = TestHttp.post(upstream.fake(), "/v1/messages", STREAM).body();

        String id = "msg_fake" + String.format("%06d", upstream.fake().lastRequest().sequence());
        assertThat(body).isEqualTo("""
                event: message_start
                data: {"type":"message_start","message":{"id":"%s","type":"message","role":"assistant",\
                "model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":\
                {"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}

                event: ping
                data: {"type":"ping"}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi t"}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"here"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},\
                "usage":{"output_tokens":2}}

                event: message_stop
                data: {"type":"message_stop"}

                """.formatted(id));
    }

    @Test
    void countTokensAnswersWithInputTokens() {
        HttpResponse<String> response = TestHttp.post(upstream.fake(), "/v1/messages/count_tokens", """
                {"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"twelve chars"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(response).path("input_tokens").asLong()).as("16 characters of text").isEqualTo(4);
        assertThat(upstream.fake().pendingAnswers()).isZero();
    }

    @Test
    void overloadedIs529WithOverloadedError() {
        upstream.enqueue(Fault.overloaded());

        HttpResponse<String> response = TestHttp.post(upstream.fake(), "/v1/messages", REQUEST);

        assertThat(response.statusCode()).isEqualTo(529);
        JsonNode body = TestHttp.json(response);
        assertThat(body.path("type").asString()).isEqualTo("error");
        assertThat(body.path("error").path("type").asString()).isEqualTo("overloaded_error");
        assertThat(body.path("error").path("message").asString()).isEqualTo("Overloaded");
        assertThat(body.path("request_id").asString()).isEqualTo(response.headers().firstValue("request-id")
                .orElseThrow());
    }

    @Test
    void lengthStopsWithMaxTokens() {
        upstream.enqueue(Reply.text("Trunc").withFinish(Finish.LENGTH));

        JsonNode body = TestHttp.json(TestHttp.post(upstream.fake(), "/v1/messages", REQUEST));

        assertThat(body.path("stop_reason").asString()).isEqualTo("max_tokens");
    }

    @Test
    void malformedJsonIsAnAnthropicBadRequest() {
        HttpResponse<String> response = TestHttp.post(upstream.fake(), "/v1/messages", "[]");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = TestHttp.json(response);
        assertThat(body.path("type").asString()).isEqualTo("error");
        assertThat(body.path("error").path("type").asString()).isEqualTo("invalid_request_error");
    }
}
