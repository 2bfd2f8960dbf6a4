package dev.parley.core.codec.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Json;
import dev.parley.core.codec.RequestTarget;
import dev.parley.core.codec.UpstreamCall;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.Embeddings;
import dev.parley.core.model.Message;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.usage.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Upstream errors (H12), countTokens and embeddings. */
class ExtrasTest {

    private final GeminiCodec codec = new GeminiCodec();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "429|RESOURCE_EXHAUSTED|Resource has been exhausted (e.g. check quota).|RATE_LIMITED",
            "503|UNAVAILABLE|The model is overloaded. Please try again later.|OVERLOADED",
            "400|INVALID_ARGUMENT|The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).|CONTEXT_LENGTH",
            "400|INVALID_ARGUMENT|Request contains an invalid argument.|INVALID_REQUEST",
            "401|UNAUTHENTICATED|Request had invalid authentication credentials.|AUTHENTICATION",
            "403|PERMISSION_DENIED|Permission denied on resource project.|PERMISSION",
            "404|NOT_FOUND|models/gemini-9 is not found for API version v1beta.|NOT_FOUND",
            "504|DEADLINE_EXCEEDED|Deadline expired before operation could complete.|TIMEOUT",
            "500|INTERNAL|An internal error has occurred.|UPSTREAM"})
    void googleErrorsKeepTheirMessage(int status, String name, String message, ErrorKind kind) {
        String body = "{\"error\":{\"code\":" + status + ",\"message\":\"" + message + "\",\"status\":\"" + name + "\"}}";

        ApiError error = codec.parseError(status, body.getBytes(StandardCharsets.UTF_8));

        assertThat(error.kind()).isEqualTo(kind);
        assertThat(error.message()).isEqualTo(message);
    }

    @Test
    void retryInfoGivesTheRetryDelay() {
        String body = """
                {"error":{"code":429,"message":"Quota exceeded.","status":"RESOURCE_EXHAUSTED","details":[
                  {"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaId":"PerMinute"}]},
                  {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1.5s"}]}}""";

        ApiError error = codec.parseError(429, body.getBytes(StandardCharsets.UTF_8));

        assertThat(error.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(error.retryAfter()).contains(Duration.ofMillis(1500));
    }

    @Test
    void aBadKeyIsAuthenticationDespiteItsStatus() {
        String body = """
                [{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT",
                  "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}}]""";

        ApiError error = codec.parseError(400, body.getBytes(StandardCharsets.UTF_8));

        assertThat(error.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(error.message()).isEqualTo("API key not valid. Please pass a valid API key.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"502|<html>Bad gateway</html>|UPSTREAM", "429||RATE_LIMITED",
            "503|{\"error\":\"down\"}|OVERLOADED", "413|[1,2]|PAYLOAD_TOO_LARGE", "400|{\"error\":{}}|INVALID_REQUEST"})
    void anyBodyGivesAnError(int status, String body, ErrorKind kind) {
        ApiError error = codec.parseError(status, (body == null ? "" : body).getBytes(StandardCharsets.UTF_8));

        assertThat(error.kind()).isEqualTo(kind);
        assertThat(error.message()).contains(String.valueOf(status));
    }

    @Test
    void countTokensBothWays() {
        ChatRequest plain = codec.parseCountTokensRequest(
                "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}".getBytes(StandardCharsets.UTF_8), "gemini-2.5-pro");
        ChatRequest wrapped = codec.parseCountTokensRequest("""
                {"generateContentRequest":{"model":"models/gemini-2.5-pro","contents":[{"parts":[{"text":"hi"}]}],
                 "systemInstruction":{"parts":[{"text":"sys"}]}}}""".getBytes(StandardCharsets.UTF_8), "models/gemini-2.5-pro");
        UpstreamCall call = codec.writeCountTokensRequest(wrapped, "gemini-2.5-flash");

        assertThat(plain.messages()).containsExactly(Message.user("hi"));
        assertThat(wrapped.model()).isEqualTo("gemini-2.5-pro");
        assertThat(wrapped.systemText()).isEqualTo("sys");
        assertThat(call.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:countTokens");
        assertThat(Json.MAPPER.readTree(call.body()).toString()).isEqualTo("{\"generateContentRequest\":{"
                + "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],"
                + "\"systemInstruction\":{\"parts\":[{\"text\":\"sys\"}]},\"model\":\"models/gemini-2.5-flash\"}}");
        assertThat(codec.parseCountTokensResponse("{\"totalTokens\":31,\"cachedContentTokenCount\":0}"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo(31);
        assertThat(new String(codec.writeCountTokensResponse(31), StandardCharsets.UTF_8)).isEqualTo("{\"totalTokens\":31}");
        assertThatThrownBy(() -> codec.parseCountTokensResponse("{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void embeddingsAnswerInTheShapeOfTheRequest() {
        byte[] single = """
                {"content":{"parts":[{"text":"hello"},{"text":"world"}]},"taskType":"RETRIEVAL_QUERY","outputDimensionality":3}"""
                .getBytes(StandardCharsets.UTF_8);
        byte[] batch = """
                {"requests":[{"model":"models/gemini-embedding-001","content":{"parts":[{"text":"a"}]}},
                             {"model":"models/gemini-embedding-001","content":{"parts":[{"text":"b"}]}}]}"""
                .getBytes(StandardCharsets.UTF_8);
        RequestTarget target = new RequestTarget(Optional.of("gemini-embedding-001"), false);
        Embeddings.Response vectors = new Embeddings.Response("e", List.of(new float[] {0.5f, -1f}, new float[] {0.25f}),
                TokenUsage.NONE);

        assertThat(codec.parseEmbeddingsRequest(single, target))
                .isEqualTo(new Embeddings.Request("gemini-embedding-001", List.of("hello\nworld"), OptionalInt.of(3)));
        assertThat(codec.parseEmbeddingsRequest(batch, new RequestTarget(Optional.empty(), false)).inputs())
                .containsExactly("a", "b");
        assertThat(new String(codec.writeEmbeddingsResponse(vectors, single), StandardCharsets.UTF_8))
                .isEqualTo("{\"embedding\":{\"values\":[0.5,-1.0]}}");
        assertThat(new String(codec.writeEmbeddingsResponse(vectors, batch), StandardCharsets.UTF_8))
                .isEqualTo("{\"embeddings\":[{\"values\":[0.5,-1.0]},{\"values\":[0.25]}]}");
        assertThatThrownBy(() -> codec.parseEmbeddingsRequest("{\"requests\":[]}".getBytes(StandardCharsets.UTF_8), target))
                .isInstanceOf(CodecException.class).hasMessageStartingWith("requests:");
    }

    @Test
    void embeddingsUpstream() {
        UpstreamCall call = codec.writeEmbeddingsRequest(
                new Embeddings.Request("alias", List.of("a", "b"), OptionalInt.of(256)), "gemini-embedding-001");
        Embeddings.Response response = codec.parseEmbeddingsResponse(
                "{\"embeddings\":[{\"values\":[1,2]},{\"values\":[3]}]}".getBytes(StandardCharsets.UTF_8));

        assertThat(call.path()).isEqualTo("/v1beta/models/gemini-embedding-001:batchEmbedContents");
        assertThat(Json.MAPPER.readTree(call.body()).toString()).isEqualTo("{\"requests\":["
                + "{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"a\"}]},\"outputDimensionality\":256},"
                + "{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"b\"}]},\"outputDimensionality\":256}]}");
        assertThat(response.vectors()).hasSize(2);
        assertThat(response.vectors().getFirst()).containsExactly(1f, 2f);
        assertThat(codec.parseEmbeddingsResponse("{\"embedding\":{\"values\":[0.5]}}".getBytes(StandardCharsets.UTF_8))
                .vectors().getFirst()).containsExactly(0.5f);
    }
}
