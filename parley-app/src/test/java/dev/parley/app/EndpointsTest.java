package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.tokens.TokenEstimator;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageRecord;
import dev.parley.testkit.RecordedRequest;
import dev.parley.testkit.Reply;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Model lists in each client's shape, token counts (forwarded and estimated), embeddings both ways, probes. */
class EndpointsTest extends MatrixParley {

    private static final List<String> MODELS = List.of("m-openai", "m-compatible", "m-anthropic", "m-gemini");

    private static JsonNode json(HttpResponse<String> response) {
        assertOk(response);
        return ClientWire.JSON.readTree(response.body());
    }

    @Test
    void openAiModelList() throws Exception {
        JsonNode list = json(parley.get("/v1/models", TestParley.KEY));
        assertThat(list.path("object").asString()).isEqualTo("list");
        assertThat(list.path("data").findValuesAsString("id")).containsExactlyElementsOf(MODELS);
        assertThat(list.path("data").get(0).path("object").asString()).isEqualTo("model");
        assertThat(list.path("data").get(0).path("created").isNumber()).isTrue();
        assertThat(list.has("models")).isFalse();
        assertThat(list.has("has_more")).isFalse();
    }

    @Test
    void theListOnlyShowsWhatTheKeyMayUse() throws Exception {
        JsonNode list = json(parley.get("/v1/models", TestParley.LIMITED_KEY));
        assertThat(list.path("data").findValuesAsString("id")).containsExactly("m-openai");
    }

    @Test
    void anthropicModelListWhenTheClientSpeaksAnthropic() throws Exception {
        JsonNode list = json(send(ClientWire.ANTHROPIC, "/v1/models?limit=1000", Map.of(), ""));
        assertThat(list.path("data").findValuesAsString("id")).containsExactlyElementsOf(MODELS);
        JsonNode first = list.path("data").get(0);
        assertThat(first.path("type").asString()).isEqualTo("model");
        assertThat(first.path("display_name").asString()).isEqualTo("m-openai");
        assertThat(java.time.Instant.parse(first.path("created_at").asString())).isNotNull();
        assertThat(list.path("has_more").asBoolean(true)).isFalse();
        assertThat(list.path("first_id").asString()).isEqualTo("m-openai");
        assertThat(list.path("last_id").asString()).isEqualTo("m-gemini");
    }

    @Test
    void codexGetsAModelsArrayToFallBackOn() throws Exception {
        JsonNode list = json(parley.get("/v1/models?client_version=0.170.0", TestParley.KEY));
        assertThat(list.path("models").isArray()).isTrue();
        assertThat(list.path("models")).isEmpty();
        assertThat(list.path("data").findValuesAsString("id")).containsExactlyElementsOf(MODELS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1beta/models", "/v1alpha/models"})
    void geminiModelList(String path) throws Exception {
        JsonNode list = json(send(ClientWire.GEMINI, path, Map.of(), ""));
        assertThat(list.path("models").findValuesAsString("name"))
                .containsExactlyElementsOf(MODELS.stream().map(m -> "models/" + m).toList());
        assertThat(list.path("models").get(0).path("supportedGenerationMethods").toString())
                .contains("generateContent");
    }

    @Test
    void oneGeminiModelOrNotFoundInGoogleShape() throws Exception {
        JsonNode model = json(send(ClientWire.GEMINI, "/v1beta/models/m-gemini", Map.of(), ""));
        assertThat(model.path("name").asString()).isEqualTo("models/m-gemini");

        HttpResponse<String> missing = send(ClientWire.GEMINI, "/v1beta/models/nope", Map.of(), "");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(ClientWire.JSON.readTree(missing.body()).at("/error/status").asString()).isEqualTo("NOT_FOUND");
    }

    @Test
    void errorsComeInTheEndpointsOwnShape() throws Exception {
        HttpResponse<String> noKey = parley.send("POST", "/v1/messages", Map.of("anthropic-version", "2023-06-01"),
                ClientWire.ANTHROPIC.text("m-anthropic", false, "Hi"));
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(ClientWire.JSON.readTree(noKey.body()).at("/error/type").asString()).isEqualTo("authentication_error");

        HttpResponse<String> geminiNoKey = parley.send("POST", "/v1beta/models/m-gemini:generateContent", Map.of(),
                ClientWire.GEMINI.text("m-gemini", false, "Hi"));
        assertThat(geminiNoKey.statusCode()).isEqualTo(401);
        assertThat(ClientWire.JSON.readTree(geminiNoKey.body()).at("/error/status").asString()).isEqualTo("UNAUTHENTICATED");

        HttpResponse<String> forbidden = parley.send("POST", "/v1/messages",
                Map.of("x-api-key", TestParley.LIMITED_KEY, "anthropic-version", "2023-06-01"),
                ClientWire.ANTHROPIC.text("m-anthropic", false, "Hi"));
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(ClientWire.JSON.readTree(forbidden.body()).at("/error/type").asString()).isEqualTo("permission_error");

        HttpResponse<String> unknown = send(ClientWire.GEMINI, "/v1beta/models/nope:generateContent", Map.of(),
                ClientWire.GEMINI.text("nope", false, "Hi"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(ClientWire.JSON.readTree(unknown.body()).at("/error/status").asString()).isEqualTo("NOT_FOUND");

        HttpResponse<String> noMethod = send(ClientWire.GEMINI, "/v1beta/models/m-gemini:predict", Map.of(), "{}");
        assertThat(noMethod.statusCode()).isEqualTo(404);
        assertThat(ClientWire.JSON.readTree(noMethod.body()).at("/error/status").asString()).isEqualTo("NOT_FOUND");

        HttpResponse<String> malformed = send(ClientWire.RESPONSES, "/v1/responses", Map.of(), "{\"model\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(ClientWire.JSON.readTree(malformed.body()).at("/error/type").asString()).isEqualTo("invalid_request_error");
        assertThat(UPSTREAM.fake().requests()).isEmpty();
    }

    @Test
    void headOnTheRootAnswersAtOnce() throws Exception {
        HttpResponse<String> response = parley.send("HEAD", "/", Map.of(), "");
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void responsesRefusesGetQuicklySoCodexFallsBackToHttp() throws Exception {
        HttpResponse<String> response = parley.send("GET", "/v1/responses",
                Map.of("authorization", "Bearer " + TestParley.KEY, "openai-beta", "responses_websockets=2026-02-06"), "");
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("allow")).contains("POST");
        assertThat(UPSTREAM.fake().requests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1beta/models/models/m-gemini:generateContent", "/v1/models/m-gemini:generateContent",
            "/v1alpha/models/m-gemini:generateContent"})
    void geminiPathsAcceptVersionOverridesAndPrefixedModels(String path) throws Exception {
        UPSTREAM.enqueue(Reply.text("Hi."));
        HttpResponse<String> response = send(ClientWire.GEMINI, path, Map.of(),
                ClientWire.GEMINI.text("m-gemini", false, "Hello"));
        assertThat(ClientWire.GEMINI.read(response.body(), false).text()).as(response.body()).isEqualTo("Hi.");
        assertThat(UPSTREAM.fake().lastRequest().model()).contains("up-gemini");
    }

    @Test
    void geminiKeyInTheQueryWorksAndIsNotForwarded() throws Exception {
        UPSTREAM.enqueue(Reply.text("Hi."));
        HttpResponse<String> response = parley.send("POST", "/v1beta/models/m-gemini:generateContent?key=" + TestParley.KEY,
                Map.of(), ClientWire.GEMINI.text("m-gemini", false, "Hello"));
        assertOk(response);
        assertThat(UPSTREAM.fake().lastRequest().uri()).doesNotContain(TestParley.KEY);
    }

    @Test
    void anthropicCountTokensIsForwardedToAnthropic() throws Exception {
        String body = "{\"model\":\"m-anthropic\",\"messages\":[{\"role\":\"user\",\"content\":\"Count these words please\"}]}";
        JsonNode count = json(send(ClientWire.ANTHROPIC, "/v1/messages/count_tokens?beta=true", Map.of(), body));
        RecordedRequest sent = UPSTREAM.fake().lastRequest();
        assertThat(sent.path()).isEqualTo("/v1/messages/count_tokens");
        assertThat(sent.model()).contains("up-anthropic");
        assertThat(sent.header("anthropic-beta")).isPresent();
        assertThat(count.path("input_tokens").asLong()).isPositive();
    }

    @Test
    void geminiCountTokensIsForwardedToGemini() throws Exception {
        String body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Count these words please\"}]}]}";
        JsonNode count = json(send(ClientWire.GEMINI, "/v1beta/models/m-gemini:countTokens", Map.of(), body));
        assertThat(UPSTREAM.fake().lastRequest().path()).isEqualTo("/v1beta/models/up-gemini:countTokens");
        assertThat(count.path("totalTokens").asLong()).isPositive();
    }

    @Test
    void aWrappedGeminiCountNamesTheUpstreamModel() throws Exception {
        String body = "{\"generateContentRequest\":{\"model\":\"models/m-gemini\",\"contents\":[{\"role\":\"user\","
                + "\"parts\":[{\"text\":\"Count these words please\"}]}]}}";
        JsonNode count = json(send(ClientWire.GEMINI, "/v1beta/models/m-gemini:countTokens", Map.of(), body));
        assertThat(count.path("totalTokens").asLong()).isPositive();
        assertThat(UPSTREAM.fake().lastRequest().bodyText()).contains("\"models/up-gemini\"").doesNotContain("m-gemini");
    }

    @ParameterizedTest
    @EnumSource(value = UpstreamType.class, names = {"OPENAI", "COMPATIBLE", "GEMINI"})
    void anthropicCountTokensIsEstimatedForOtherProviders(UpstreamType upstream) throws Exception {
        String body = "{\"model\":\"" + upstream.model() + "\",\"system\":\"Be terse.\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Count these words please\"}],\"tools\":[{\"name\":\"get_weather\",\"description\":"
                + "\"Weather for a city.\",\"input_schema\":" + ClientWire.SCHEMA + "}]}";
        HttpResponse<String> response = send(ClientWire.ANTHROPIC, "/v1/messages/count_tokens", Map.of(), body);
        JsonNode count = json(response);
        assertThat(response.headers().firstValue("x-parley-token-count")).contains("estimated");
        // System, message and tool definition: well above the message alone, well below a kilotoken.
        assertThat(count.path("input_tokens").asLong()).isBetween(25L, 200L);
        assertThat(UPSTREAM.fake().requests()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = UpstreamType.class, names = {"OPENAI", "COMPATIBLE", "ANTHROPIC"})
    void geminiCountTokensIsEstimatedForOtherProviders(UpstreamType upstream) throws Exception {
        String body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Count these words please\"}]}]}";
        HttpResponse<String> response = send(ClientWire.GEMINI, "/v1beta/models/" + upstream.model() + ":countTokens",
                Map.of(), body);
        JsonNode count = json(response);
        assertThat(count.path("totalTokens").asLong()).isBetween(4L, 50L);
        assertThat(UPSTREAM.fake().requests()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = UpstreamType.class, names = {"OPENAI", "COMPATIBLE", "GEMINI"})
    void openAiEmbeddings(UpstreamType upstream) throws Exception {
        String body = "{\"model\":\"" + upstream.model() + "\",\"input\":[\"alpha\",\"beta\"]}";
        JsonNode answer = json(send(ClientWire.CHAT, "/v1/embeddings", Map.of(), body));
        assertThat(answer.path("object").asString()).isEqualTo("list");
        assertThat(answer.path("data")).hasSize(2);
        assertThat(answer.at("/data/1/index").asInt()).isEqualTo(1);
        assertThat(answer.at("/data/0/embedding")).hasSize(8);
        assertThat(answer.at("/usage/prompt_tokens").isNumber()).isTrue();
        RecordedRequest sent = UPSTREAM.fake().lastRequest();
        assertThat(sent.path()).isEqualTo(upstream == UpstreamType.GEMINI
                ? "/v1beta/models/up-gemini:batchEmbedContents" : "/v1/embeddings");
        // The fake's vectors depend on the text only: the same texts, the same vectors, whichever API carried them.
        assertThat(vectors(answer.path("data"), "embedding")).isEqualTo(referenceVectors());
    }

    @ParameterizedTest
    @EnumSource(value = UpstreamType.class, names = {"OPENAI", "COMPATIBLE", "GEMINI"})
    void geminiBatchEmbeddings(UpstreamType upstream) throws Exception {
        String body = "{\"requests\":[{\"model\":\"models/" + upstream.model() + "\",\"content\":{\"parts\":[{\"text\":"
                + "\"alpha\"}]}},{\"model\":\"models/" + upstream.model() + "\",\"content\":{\"parts\":[{\"text\":\"beta\"}]}}]}";
        JsonNode answer = json(send(ClientWire.GEMINI, "/v1beta/models/" + upstream.model() + ":batchEmbedContents",
                Map.of(), body));
        assertThat(answer.path("embeddings")).hasSize(2);
        RecordedRequest sent = UPSTREAM.fake().lastRequest();
        assertThat(vectors(answer.path("embeddings"), "values")).isEqualTo(referenceVectors());
        if (upstream == UpstreamType.GEMINI) {
            assertThat(sent.bodyText()).contains("models/up-gemini").doesNotContain("m-gemini");
        } else {
            assertThat(sent.path()).isEqualTo("/v1/embeddings");
        }
    }

    @Test
    void geminiEmbeddingsWithoutUsageAreCountedForTheLedger() throws Exception {
        String body = "{\"model\":\"m-gemini\",\"input\":[\"alpha beta gamma\",\"delta\"]}";
        HttpResponse<String> response = send(ClientWire.CHAT, "/v1/embeddings", Map.of(), body);
        assertThat(response.statusCode()).isEqualTo(200);

        UsageRecord row = awaitRow(response);
        assertThat(row.usage().source()).isEqualTo(TokenUsage.Source.TOKENIZER);
        assertThat(row.usage().inputTokens()).isEqualTo(TokenEstimator.texts(List.of("alpha beta gamma", "delta")));
    }

    @Test
    void geminiSingleEmbedding() throws Exception {
        String body = "{\"content\":{\"parts\":[{\"text\":\"alpha\"}]}}";
        JsonNode answer = json(send(ClientWire.GEMINI, "/v1beta/models/m-gemini:embedContent", Map.of(), body));
        assertThat(answer.at("/embedding/values")).hasSize(8);
    }

    @Test
    void anthropicProvidersHaveNoEmbeddings() throws Exception {
        HttpResponse<String> response = send(ClientWire.CHAT, "/v1/embeddings", Map.of(),
                "{\"model\":\"m-anthropic\",\"input\":\"alpha\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(ClientWire.JSON.readTree(response.body()).at("/error/message").asString()).contains("no embeddings");
        assertThat(UPSTREAM.fake().requests()).isEmpty();
    }

    /** The vectors for "alpha" and "beta" from the fake's OpenAI endpoint, through the pass-through path. */
    private static List<List<Double>> referenceVectors() throws Exception {
        JsonNode answer = json(send(ClientWire.CHAT, "/v1/embeddings", Map.of(),
                "{\"model\":\"m-compatible\",\"input\":[\"alpha\",\"beta\"]}"));
        return vectors(answer.path("data"), "embedding");
    }

    private static List<List<Double>> vectors(JsonNode items, String field) {
        List<List<Double>> vectors = new ArrayList<>();
        for (JsonNode item : items) {
            List<Double> values = new ArrayList<>();
            // Rounded: a float written by one JSON writer and read by another may differ in its last digits.
            item.path(field).forEach(v -> values.add(Math.round(v.asDouble() * 1e5) / 1e5));
            vectors.add(values);
        }
        return vectors;
    }
}
