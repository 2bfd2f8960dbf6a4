package dev.parley.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class GeminiProtocolTest {

    @RegisterExtension
    static final FakeProviderExtension upstream = new FakeProviderExtension();

    private static final String REQUEST = """
            {"contents":[{"role":"user","parts":[{"text":"Weather in Oslo?"}]}]}""";

    @Test
    void generateContentIsOneCandidateWithUsageMetadata() {
        upstream.enqueue(Reply.text("It is 12°C.").withThinking("Checking")
                .withUsage(Usage.of(812, 104).withCacheRead(512).withReasoning(64)));

        HttpResponse<String> response = TestHttp.post(upstream.fake(),
                "/v1beta/models/gemini-2.5-flash:generateContent", REQUEST);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = TestHttp.json(response);
        JsonNode candidate = body.path("candidates").get(0);
        assertThat(candidate.path("finishReason").asString()).isEqualTo("STOP");
        assertThat(candidate.path("content").path("role").asString()).isEqualTo("model");
        JsonNode parts = candidate.path("content").path("parts");
        assertThat(parts.get(0).path("thought").asBoolean()).isTrue();
        assertThat(parts.get(1).path("text").asString()).isEqualTo("It is 12°C.");
        assertThat(parts.get(1).has("thought")).isFalse();
        JsonNode usage = body.path("usageMetadata");
        assertThat(usage.path("promptTokenCount").asLong()).as("includes cached tokens").isEqualTo(812);
        assertThat(usage.path("cachedContentTokenCount").asLong()).isEqualTo(512);
        assertThat(usage.path("candidatesTokenCount").asLong()).as("excludes thoughts").isEqualTo(40);
        assertThat(usage.path("thoughtsTokenCount").asLong()).isEqualTo(64);
        assertThat(usage.path("totalTokenCount").asLong()).isEqualTo(916);
        assertThat(body.path("modelVersion").asString()).isEqualTo("gemini-2.5-flash");
        assertThat(upstream.fake().lastRequest().model()).hasValue("gemini-2.5-flash");
    }

    @Test
    void functionCallsComeWholeWithoutIdsAndFinishWithStop() {
        upstream.enqueue(Reply.toolCall("get_weather", "{\"city\":\"Oslo\"}"));

        JsonNode body = TestHttp.json(TestHttp.post(upstream.fake(),
                "/v1beta/models/gemini-2.5-flash:generateContent", REQUEST));

        JsonNode candidate = body.path("candidates").get(0);
        JsonNode call = candidate.path("content").path("parts").get(0).path("functionCall");
        assertThat(call.path("name").asString()).isEqualTo("get_weather");
        assertThat(call.path("args").path("city").asString()).isEqualTo("Oslo");
        assertThat(call.has("id")).isFalse();
        assertThat(candidate.path("finishReason").asString()).isEqualTo("STOP");
    }

    @Test
    void streamIsWholeResponsesOnDataLinesWithTheFinishOnTheLast() {
        upstream.enqueue(Reply.text("It is 12°C.").withTextChunks(3).thenToolCall("log", "{\"n\":1}")
                .withUsage(Usage.of(30, 9)));

        HttpResponse<String> response = TestHttp.post(upstream.fake(),
                "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", REQUEST);

        assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
        List<SseEvent> events = SseEvent.parse(response.body());
        assertThat(events).hasSize(4).allSatisfy(event -> assertThat(event.event()).isEmpty());
        List<JsonNode> chunks = SseEvent.payloads(events);
        String text = chunks.subList(0, 3).stream()
                .map(c -> c.path("candidates").get(0).path("content").path("parts").get(0).path("text").asString())
                .reduce("", String::concat);
        assertThat(text).isEqualTo("It is 12°C.");
        assertThat(chunks.subList(0, 3)).allSatisfy(chunk ->
                assertThat(chunk.path("candidates").get(0).has("finishReason")).isFalse());
        JsonNode last = chunks.getLast().path("candidates").get(0);
        assertThat(last.path("content").path("parts").get(0).path("functionCall").path("args").path("n").asInt())
                .isEqualTo(1);
        assertThat(last.path("finishReason").asString()).isEqualTo("STOP");
        assertThat(chunks.getLast().path("usageMetadata").path("totalTokenCount").asLong()).isEqualTo(39);
        assertThat(response.body()).doesNotContain("[DONE]");
    }

    @Test
    void streamIsByteExact() {
        upstream.enqueue(Reply.text("Hi").withTextChunks(1).withUsage(Usage.of(4, 1)));

        String body = TestHttp.post(upstream.fake(), "/v1beta/models/g:streamGenerateContent?alt=sse", REQUEST)
                .body();

        String id = "fake" + String.format("%06d", upstream.fake().lastRequest().sequence());
        assertThat(body).isEqualTo("data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":"
                + "\"Hi\"}]},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":4,"
                + "\"candidatesTokenCount\":1,\"totalTokenCount\":5,\"promptTokensDetails\":[{\"modality\":\"TEXT\","
                + "\"tokenCount\":4}]},\"modelVersion\":\"g\",\"responseId\":\"" + id + "\"}\n\n");
    }

    @Test
    void rateLimitIsResourceExhaustedWithRetryInfoAndNoHeader() {
        upstream.enqueue(Fault.rateLimited(RetryAfter.seconds(12)), Fault.status(429));

        HttpResponse<String> withDelay = TestHttp.post(upstream.fake(),
                "/v1beta/models/gemini-2.5-flash:generateContent", REQUEST);
        HttpResponse<String> without = TestHttp.post(upstream.fake(),
                "/v1beta/models/gemini-2.5-flash:generateContent", REQUEST);

        assertThat(withDelay.statusCode()).isEqualTo(429);
        assertThat(withDelay.headers().firstValue("retry-after")).isEmpty();
        JsonNode error = TestHttp.json(withDelay).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(429);
        assertThat(error.path("status").asString()).isEqualTo("RESOURCE_EXHAUSTED");
        JsonNode retryInfo = error.path("details").get(0);
        assertThat(retryInfo.path("@type").asString()).isEqualTo("type.googleapis.com/google.rpc.RetryInfo");
        assertThat(retryInfo.path("retryDelay").asString()).isEqualTo("12s");
        JsonNode details = TestHttp.json(without).path("error").path("details");
        assertThat(details).noneSatisfy(detail -> assertThat(detail.path("@type").asString()).endsWith("RetryInfo"));
    }

    @Test
    void countTokensAnswersWithTotalTokens() {
        JsonNode body = TestHttp.json(TestHttp.post(upstream.fake(),
                "/v1beta/models/gemini-2.5-flash:countTokens", REQUEST));

        assertThat(body.path("totalTokens").asLong()).as("'user' and 'Weather in Oslo?'").isEqualTo(5);
        assertThat(body.path("promptTokensDetails").get(0).path("tokenCount").asLong()).isEqualTo(5);
    }

    @Test
    void lengthIsMaxTokens() {
        upstream.enqueue(Reply.text("Trunc").withFinish(Finish.LENGTH));

        JsonNode body = TestHttp.json(TestHttp.post(upstream.fake(), "/v1beta/models/g:generateContent", REQUEST));

        assertThat(body.path("candidates").get(0).path("finishReason").asString()).isEqualTo("MAX_TOKENS");
    }

    @Test
    void malformedJsonIsInvalidArgument() {
        HttpResponse<String> response = TestHttp.post(upstream.fake(), "/v1beta/models/g:generateContent", "{");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(response).path("error").path("status").asString()).isEqualTo("INVALID_ARGUMENT");
    }
}
