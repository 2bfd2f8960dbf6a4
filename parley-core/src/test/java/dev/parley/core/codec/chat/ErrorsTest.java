package dev.parley.core.codec.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** parseError: the provider's words kept (H12), the kind from status and body, never an exception. */
class ErrorsTest {

    private static ApiError parse(int status, String body) {
        return Fixtures.CODEC.parseError(status, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void contextOverflowKeepsMessageCodeAndParam() { // H12
        ApiError error = parse(400, "{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens. However, your messages "
                + "resulted in 130000 tokens.\",\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}");

        assertThat(error.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
        assertThat(error.message()).startsWith("This model's maximum context length is 128000 tokens.");
        assertThat(error.code()).contains("context_length_exceeded");
        assertThat(error.param()).contains("messages");
    }

    @Test
    void quotaIsBillingNotRateLimit() {
        ApiError error = parse(429, "{\"error\":{\"message\":\"You exceeded your current quota.\",\"type\":\"insufficient_quota\","
                + "\"param\":null,\"code\":\"insufficient_quota\"}}");

        assertThat(error.kind()).isEqualTo(ErrorKind.BILLING);
        assertThat(error.param()).isEmpty();
    }

    @Test
    void rateLimitReadsTheRetryDelayFromTheMessage() {
        ApiError error = parse(429, "{\"error\":{\"message\":\"Rate limit reached for gpt-5 on tokens per min. Please try again in 1.5s.\","
                + "\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}");

        assertThat(error.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(error.retryAfter()).contains(Duration.ofMillis(1500));
        assertThat(parse(429, "{\"error\":{\"message\":\"Please try again in 120ms.\"}}").retryAfter()).contains(Duration.ofMillis(120));
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({"400, INVALID_REQUEST", "401, AUTHENTICATION", "402, BILLING", "403, PERMISSION", "404, NOT_FOUND",
            "408, TIMEOUT", "409, UPSTREAM", "413, PAYLOAD_TOO_LARGE", "422, INVALID_REQUEST", "429, RATE_LIMITED",
            "500, UPSTREAM", "502, UPSTREAM", "503, OVERLOADED", "504, TIMEOUT", "529, OVERLOADED"})
    void kindByStatus(int status, ErrorKind kind) {
        assertThat(parse(status, "{\"error\":{\"message\":\"m\",\"type\":\"x\"}}").kind()).isEqualTo(kind);
    }

    @Test
    void looserShapesOfCompatibleServers() {
        assertThat(parse(400, "{\"error\":\"bad model\"}").message()).isEqualTo("bad model");
        assertThat(parse(422, "{\"detail\":\"field required\"}").message()).isEqualTo("field required");
        assertThat(parse(400, "{\"message\":\"flat\",\"code\":400}").message()).isEqualTo("flat");
        assertThat(parse(400, "{\"message\":\"flat\",\"code\":400}").code()).isEmpty();
        assertThat(parse(502, "upstream connect error").message()).isEqualTo("upstream connect error");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "<html><body>Bad Gateway</body></html>", "[1,2]", "{\"error\":{\"message\":7}}", "{", "null",
            "\u0000\u0001binary"})
    void garbageNeverThrows(String body) {
        ApiError error = parse(502, body);

        assertThat(error.kind()).isEqualTo(ErrorKind.UPSTREAM);
        assertThat(error.message()).isNotBlank();
    }
}
