package dev.parley.core.codec.responses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Upstream errors in Parley's terms: the kind from status and type, the message word for word (H12). */
class ErrorsTest {

    private final ResponsesCodec codec = new ResponsesCodec();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "400|{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens.\",\"type\":\"invalid_request_error\",\"param\":\"input\",\"code\":\"context_length_exceeded\"}}|CONTEXT_LENGTH",
            "400|{\"error\":{\"message\":\"Invalid value\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_value\"}}|INVALID_REQUEST",
            "401|{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}|AUTHENTICATION",
            "404|{\"error\":{\"message\":\"The model 'x' does not exist\",\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}|NOT_FOUND",
            "429|{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}|BILLING",
            "429|{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}|RATE_LIMITED",
            "500|{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\",\"code\":null}}|UPSTREAM",
            "503|{\"error\":{\"message\":\"Slow down\",\"type\":\"service_unavailable\"}}|OVERLOADED",
            "504|{\"error\":{\"message\":\"Timed out\"}}|TIMEOUT",
            "413|{\"error\":{\"message\":\"Too large\"}}|PAYLOAD_TOO_LARGE"})
    void kindsFromStatusAndType(int status, String body, ErrorKind kind) {
        ApiError error = codec.parseError(status, Requests.utf8(body));

        assertThat(error.kind()).isEqualTo(kind);
        assertThat(body).contains(error.message());
    }

    /** H12: the code and param the client pattern-matches survive. */
    @Test
    void contextOverflowKeepsItsCodeAndParam() {
        ApiError error = codec.parseError(400, Requests.utf8(
                "{\"error\":{\"message\":\"too long\",\"type\":\"invalid_request_error\",\"param\":\"input\",\"code\":\"context_length_exceeded\"}}"));

        assertThat(error.code()).contains("context_length_exceeded");
        assertThat(error.param()).contains("input");
    }

    @Test
    void theRetryDelayInTheMessageIsRead() {
        ApiError error = codec.parseError(429, Requests.utf8(
                "{\"error\":{\"message\":\"Rate limit reached for gpt-5 on tokens per min. Please try again in 6.5s.\",\"type\":\"tokens\"}}"));
        ApiError millis = codec.parseError(429, Requests.utf8("{\"error\":{\"message\":\"Please try again in 20ms.\"}}"));

        assertThat(error.retryAfter()).contains(Duration.ofMillis(6500));
        assertThat(millis.retryAfter()).contains(Duration.ofMillis(20));
    }

    @Test
    void aResponseFailedBodyIsUnderstoodToo() {
        ApiError error = codec.parseError(400, Requests.utf8(
                "{\"type\":\"response.failed\",\"response\":{\"status\":\"failed\",\"error\":{\"code\":\"context_length_exceeded\",\"message\":\"Too long.\"}}}"));

        assertThat(error.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
        assertThat(error.message()).isEqualTo("Too long.");
    }

    @Test
    void aGarbageBodyStillGivesAnError() {
        ApiError error = codec.parseError(502, Requests.utf8("<html>Bad gateway</html>"));

        assertThat(error.kind()).isEqualTo(ErrorKind.UPSTREAM);
        assertThat(error.message()).contains("502");
    }

    @Property(tries = 300)
    void parseErrorNeverThrows(@ForAll int status, @ForAll byte[] body) {
        assertThat(codec.parseError(status, body)).isNotNull();
    }

    @Property(tries = 200)
    void parseErrorNeverThrowsOnJsonShapes(@ForAll String message, @ForAll int status) {
        String body = "{\"error\":{\"message\":" + dev.parley.core.json.JsonText.quote(message) + ",\"code\":7,\"type\":[1]}}";

        assertThat(codec.parseError(status, Requests.utf8(body)).message()).isNotEmpty();
    }
}
