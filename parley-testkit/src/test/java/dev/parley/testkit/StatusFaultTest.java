package dev.parley.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

class StatusFaultTest {

    @RegisterExtension
    static final FakeProviderExtension upstream = new FakeProviderExtension();

    @ParameterizedTest
    @EnumSource(value = Endpoint.class, names = {"CHAT", "RESPONSES", "ANTHROPIC"})
    void rateLimitCarriesRetryAfterInSeconds(Endpoint endpoint) {
        upstream.enqueue(Fault.rateLimited(RetryAfter.seconds(7)));

        HttpResponse<String> response = TestHttp.post(upstream.fake(), endpoint.path(false), endpoint.body(false));

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).hasValue("7");
        JsonNode body = TestHttp.json(response);
        if (endpoint == Endpoint.ANTHROPIC) {
            assertThat(body.path("type").asString()).isEqualTo("error");
            assertThat(body.path("error").path("type").asString()).isEqualTo("rate_limit_error");
        } else {
            assertThat(body.path("error").path("code").asString()).isEqualTo("rate_limit_exceeded");
            assertThat(body.path("error").has("param")).isTrue();
        }
    }

    @Test
    void retryAfterCanBeAnHttpDate() {
        Instant at = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        upstream.enqueue(Fault.rateLimited(RetryAfter.at(at)));

        HttpResponse<String> response = TestHttp.post(upstream.fake(), Endpoint.ANTHROPIC.path(false),
                Endpoint.ANTHROPIC.body(false));

        String header = response.headers().firstValue("retry-after").orElseThrow();
        assertThat(header).endsWith(" GMT");
        assertThat(ZonedDateTime.parse(header, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()).isEqualTo(at);
    }

    @Test
    void retryAfterCanBeAbsent() {
        upstream.enqueue(Fault.status(429));

        HttpResponse<String> response = TestHttp.post(upstream.fake(), Endpoint.CHAT.path(false),
                Endpoint.CHAT.body(false));

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "CHAT, 500, server_error", "CHAT, 503, service_unavailable", "CHAT, 529, server_error",
        "RESPONSES, 500, server_error",
        "ANTHROPIC, 500, api_error", "ANTHROPIC, 503, api_error", "ANTHROPIC, 529, overloaded_error",
        "GEMINI, 500, INTERNAL", "GEMINI, 503, UNAVAILABLE"})
    void serverErrorsUseEachProtocolsOwnBody(Endpoint endpoint, int status, String kind) {
        upstream.enqueue(Fault.status(status));

        HttpResponse<String> response = TestHttp.post(upstream.fake(), endpoint.path(false), endpoint.body(false));

        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode error = TestHttp.json(response).path("error");
        String actual = switch (endpoint) {
            case CHAT, RESPONSES, ANTHROPIC -> error.path("type").asString();
            case GEMINI -> error.path("status").asString();
        };
        assertThat(actual).isEqualTo(kind);
        assertThat(error.path("message").asString()).isNotBlank();
    }

    @Test
    void theMessageCanBeScripted() {
        upstream.enqueue(Fault.status(400).withMessage("prompt is too long: 208101 tokens > 200000 maximum"));

        JsonNode body = TestHttp.json(TestHttp.post(upstream.fake(), Endpoint.ANTHROPIC.path(false),
                Endpoint.ANTHROPIC.body(false)));

        assertThat(body.path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(body.path("error").path("message").asString())
                .isEqualTo("prompt is too long: 208101 tokens > 200000 maximum");
    }

    @Test
    void aStreamingRequestGetsThePlainErrorTooBeforeAnyEvent() {
        upstream.enqueue(Fault.overloaded());

        HttpResponse<String> response = TestHttp.post(upstream.fake(), Endpoint.ANTHROPIC.path(true),
                Endpoint.ANTHROPIC.body(true));

        assertThat(response.statusCode()).isEqualTo(529);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    }

    @Test
    void errorsAreNotCountedAsServed() {
        upstream.enqueue(Fault.status(500));

        TestHttp.post(upstream.fake(), Endpoint.CHAT.path(false), Endpoint.CHAT.body(false));

        assertThat(upstream.fake().requests()).hasSize(1);
        assertThat(upstream.fake().servedCount()).isZero();
        assertThat(upstream.fake().tokensServed()).isEqualTo(Usage.ZERO);
    }
}
