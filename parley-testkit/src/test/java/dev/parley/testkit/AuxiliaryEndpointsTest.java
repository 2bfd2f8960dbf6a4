package dev.parley.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class AuxiliaryEndpointsTest {

    @RegisterExtension
    static final FakeProviderExtension upstream = new FakeProviderExtension(
            FakeProviderConfig.defaults().withModels("alpha", "beta"));

    @Test
    void modelListInOpenAiShape() {
        JsonNode body = TestHttp.json(TestHttp.get(upstream.fake(), "/v1/models"));

        assertThat(body.path("object").asString()).isEqualTo("list");
        assertThat(body.path("data")).hasSize(2);
        JsonNode first = body.path("data").get(0);
        assertThat(first.path("id").asString()).isEqualTo("alpha");
        assertThat(first.path("object").asString()).isEqualTo("model");
        assertThat(first.path("created").isIntegralNumber()).isTrue();
        assertThat(first.path("owned_by").isString()).isTrue();
    }

    @Test
    void modelListInAnthropicShapeForAnthropicClients() {
        JsonNode body = TestHttp.json(TestHttp.get(upstream.fake(), "/v1/models", "anthropic-version", "2023-06-01"));

        assertThat(body.path("data").get(1).path("type").asString()).isEqualTo("model");
        assertThat(body.path("data").get(1).path("id").asString()).isEqualTo("beta");
        assertThat(body.path("data").get(1).path("created_at").asString()).endsWith("Z");
        assertThat(body.path("has_more").asBoolean()).isFalse();
        assertThat(body.path("first_id").asString()).isEqualTo("alpha");
        assertThat(body.path("last_id").asString()).isEqualTo("beta");
    }

    @Test
    void modelListInGeminiShape() {
        JsonNode body = TestHttp.json(TestHttp.get(upstream.fake(), "/v1beta/models"));

        assertThat(body.path("models").get(0).path("name").asString()).isEqualTo("models/alpha");
        assertThat(body.path("models").get(0).path("supportedGenerationMethods").toString())
                .contains("generateContent");
    }

    @Test
    void openAiEmbeddingsAreDeterministicUnitVectors() {
        String request = "{\"model\":\"text-embedding-3-small\",\"input\":[\"cat\",\"dog\",\"cat\"]}";

        JsonNode body = TestHttp.json(TestHttp.post(upstream.fake(), "/v1/embeddings", request));
        JsonNode again = TestHttp.json(TestHttp.post(upstream.fake(), "/v1/embeddings", request));

        assertThat(body.path("object").asString()).isEqualTo("list");
        assertThat(body.path("model").asString()).isEqualTo("text-embedding-3-small");
        JsonNode data = body.path("data");
        assertThat(data).hasSize(3);
        assertThat(data.get(2).path("index").asInt()).isEqualTo(2);
        assertThat(data.get(0).path("object").asString()).isEqualTo("embedding");
        assertThat(data.get(0).path("embedding")).hasSize(Embeddings.DEFAULT_DIMENSIONS);
        assertThat(data.get(0).path("embedding")).isEqualTo(data.get(2).path("embedding"));
        assertThat(data.get(0).path("embedding")).isNotEqualTo(data.get(1).path("embedding"));
        assertThat(again.path("data")).isEqualTo(data);
        double norm = 0;
        for (JsonNode value : data.get(1).path("embedding")) {
            norm += value.asDouble() * value.asDouble();
        }
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(body.path("usage").path("prompt_tokens").asLong()).isEqualTo(3);
        assertThat(body.path("usage").path("total_tokens").asLong()).isEqualTo(3);
    }

    @Test
    void openAiEmbeddingsHonourDimensionsAndBase64() {
        JsonNode floats = TestHttp.json(TestHttp.post(upstream.fake(), "/v1/embeddings",
                "{\"model\":\"e\",\"input\":\"cat\",\"dimensions\":4}"));
        JsonNode base64 = TestHttp.json(TestHttp.post(upstream.fake(), "/v1/embeddings",
                "{\"model\":\"e\",\"input\":\"cat\",\"dimensions\":4,\"encoding_format\":\"base64\"}"));

        JsonNode values = floats.path("data").get(0).path("embedding");
        assertThat(values).hasSize(4);
        ByteBuffer decoded = ByteBuffer.wrap(Base64.getDecoder().decode(
                base64.path("data").get(0).path("embedding").asString())).order(ByteOrder.LITTLE_ENDIAN);
        for (JsonNode value : values) {
            assertThat(decoded.getFloat()).isEqualTo(value.floatValue());
        }
    }

    @Test
    void geminiEmbeddingsMatchTheSameText() {
        JsonNode single = TestHttp.json(TestHttp.post(upstream.fake(),
                "/v1beta/models/gemini-embedding-001:embedContent", "{\"content\":{\"parts\":[{\"text\":\"cat\"}]}}"));
        JsonNode batch = TestHttp.json(TestHttp.post(upstream.fake(),
                "/v1beta/models/gemini-embedding-001:batchEmbedContents", """
                {"requests":[{"model":"models/gemini-embedding-001","content":{"parts":[{"text":"dog"}]}},
                             {"model":"models/gemini-embedding-001","content":{"parts":[{"text":"cat"}]},
                              "outputDimensionality":3}]}"""));

        JsonNode cat = single.path("embedding").path("values");
        assertThat(cat).hasSize(Embeddings.DEFAULT_DIMENSIONS);
        assertThat(batch.path("embeddings")).hasSize(2);
        assertThat(batch.path("embeddings").get(0).path("values")).isNotEqualTo(cat);
        assertThat(batch.path("embeddings").get(1).path("values")).hasSize(3);
    }

    @Test
    void badEmbeddingInputIsA400() {
        HttpResponse<String> response = TestHttp.post(upstream.fake(), "/v1/embeddings", "{\"model\":\"e\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(response).path("error").path("type").asString()).isEqualTo("invalid_request_error");
    }

    @Test
    void unknownPathsAre404sAndStillRecorded() {
        HttpResponse<String> response = TestHttp.post(upstream.fake(), "/v2/unknown", "{}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(TestHttp.json(response).path("error").path("message").asString()).contains("/v2/unknown");
        assertThat(upstream.fake().lastRequest().format()).isEmpty();
    }
}
