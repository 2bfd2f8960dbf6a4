package dev.parley.core.codec.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Json;
import dev.parley.core.codec.RequestTarget;
import dev.parley.core.codec.UpstreamCall;
import dev.parley.core.model.Embeddings;
import dev.parley.core.usage.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** OpenAI {@code /v1/embeddings} both ways. */
class EmbeddingsTest {

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void requestsTakeAStringOrStrings() {
        assertThat(Fixtures.CODEC.parseEmbeddingsRequest(bytes("{\"model\":\"e\",\"input\":\"hello\"}"), RequestTarget.BODY))
                .isEqualTo(new Embeddings.Request("e", List.of("hello"), OptionalInt.empty()));
        assertThat(Fixtures.CODEC.parseEmbeddingsRequest(bytes("{\"model\":\"e\",\"input\":[\"a\",\"b\"],\"dimensions\":256,"
                + "\"encoding_format\":\"base64\"}"), RequestTarget.BODY))
                .isEqualTo(new Embeddings.Request("e", List.of("a", "b"), OptionalInt.of(256)));
    }

    @Test
    void tokenArraysAndBadFieldsAreRefused() {
        assertThatThrownBy(() -> Fixtures.CODEC.parseEmbeddingsRequest(bytes("{\"model\":\"e\",\"input\":[1,2,3]}"), RequestTarget.BODY))
                .isInstanceOf(CodecException.class).hasMessageContaining("input[0]: token-array inputs are not supported");
        assertThatThrownBy(() -> Fixtures.CODEC.parseEmbeddingsRequest(bytes("{\"model\":\"e\",\"input\":[[1,2]]}"), RequestTarget.BODY))
                .isInstanceOf(CodecException.class).hasMessageContaining("token-array");
        assertThatThrownBy(() -> Fixtures.CODEC.parseEmbeddingsRequest(bytes("{\"model\":\"e\"}"), RequestTarget.BODY))
                .hasMessageContaining("input: is required");
        assertThatThrownBy(() -> Fixtures.CODEC.parseEmbeddingsRequest(bytes("{\"input\":\"x\"}"), RequestTarget.BODY))
                .hasMessageContaining("model: is required");
        assertThatThrownBy(() -> Fixtures.CODEC.parseEmbeddingsRequest(bytes("{\"model\":\"e\",\"input\":\"x\",\"encoding_format\":\"int8\"}"),
                RequestTarget.BODY)).hasMessageContaining("encoding_format");
    }

    @Test
    void upstreamRequestAsksForFloats() {
        UpstreamCall call = Fixtures.CODEC.writeEmbeddingsRequest(new Embeddings.Request("e", List.of("a"), OptionalInt.of(8)), "text-embedding-3-small");

        assertThat(call.path()).isEqualTo("/embeddings");
        assertThat(Json.text(Json.MAPPER.readTree(call.body()))).isEqualTo(
                "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\"],\"dimensions\":8,\"encoding_format\":\"float\"}");
    }

    @Test
    void answerInFloatsOrBase64AsTheClientAsked() {
        Embeddings.Response response = new Embeddings.Response("upstream-e", List.of(new float[] {0.5f, -1.25f}, new float[] {3f}),
                TokenUsage.reported(7, 0));

        JsonNode floats = Json.MAPPER.readTree(Fixtures.CODEC.writeEmbeddingsResponse(response, bytes("{\"model\":\"client-e\",\"input\":\"x\"}")));
        assertThat(Json.text(floats)).isEqualTo("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.5,-1.25]},"
                + "{\"object\":\"embedding\",\"index\":1,\"embedding\":[3.0]}],\"model\":\"client-e\","
                + "\"usage\":{\"prompt_tokens\":7,\"total_tokens\":7}}");

        JsonNode base64 = Json.MAPPER.readTree(Fixtures.CODEC.writeEmbeddingsResponse(response,
                bytes("{\"model\":\"client-e\",\"input\":\"x\",\"encoding_format\":\"base64\"}")));
        // 0.5f = 0x3F000000 and -1.25f = 0xBFA00000, little-endian.
        assertThat(base64.at("/data/0/embedding").asString()).isEqualTo("AAAAPwAAoL8=");
    }

    @Test
    void upstreamAnswersInEitherForm() {
        Embeddings.Response parsed = Fixtures.CODEC.parseEmbeddingsResponse(bytes("{\"object\":\"list\",\"model\":\"e\",\"data\":["
                + "{\"object\":\"embedding\",\"index\":1,\"embedding\":\"AAAAPwAAoL8=\"},"
                + "{\"object\":\"embedding\",\"index\":0,\"embedding\":[1,2.5]}],\"usage\":{\"prompt_tokens\":4,\"total_tokens\":4}}"));

        assertThat(parsed.vectors()).containsExactly(new float[] {1f, 2.5f}, new float[] {0.5f, -1.25f});
        assertThat(parsed.usage()).isEqualTo(TokenUsage.reported(4, 0));
        assertThat(parsed.model()).isEqualTo("e");
    }
}
