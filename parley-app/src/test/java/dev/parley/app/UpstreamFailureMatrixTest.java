package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.usage.UsageRecord;
import dev.parley.testkit.Fault;
import dev.parley.testkit.Reply;
import dev.parley.testkit.RetryAfter;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Provider failures as every client protocol must see them, whatever the provider's protocol: its own error
 * shape and status, its own way of saying when to retry, and a cut stream as an error event, never a clean end.
 */
class UpstreamFailureMatrixTest extends MatrixParley {

    @ParameterizedTest(name = "{0} client, {1} provider, stream={2}")
    @MethodSource("matrix")
    void rateLimitKeepsTheRetryDelay(ClientWire client, UpstreamType upstream, boolean stream) throws Exception {
        UPSTREAM.enqueue(Fault.rateLimited(RetryAfter.seconds(7)));

        HttpResponse<String> response = send(client, upstream, stream, client.text(upstream.model(), stream, "Hi"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        JsonNode error = errorOf(client, response);
        assertThat(response.headers().firstValue("retry-after")).contains("7");
        switch (client) {
            case CHAT, RESPONSES -> assertThat(error.path("type").asString()).isEqualTo("rate_limit_error");
            case ANTHROPIC -> assertThat(error.path("type").asString()).isEqualTo("rate_limit_error");
            case GEMINI -> {
                assertThat(error.path("status").asString()).isEqualTo("RESOURCE_EXHAUSTED");
                assertThat(error.path("details").findValuesAsString("retryDelay")).containsExactly("7s");
            }
        }
        assertThat(response.body()).doesNotContain(TestParley.PROVIDER_KEY);
    }

    @ParameterizedTest(name = "{0} client, {1} provider, stream={2}")
    @MethodSource("matrix")
    void overloadedAndUnavailable(ClientWire client, UpstreamType upstream, boolean stream) throws Exception {
        UPSTREAM.enqueue(Fault.overloaded(), Fault.status(503));

        HttpResponse<String> overloaded = send(client, upstream, stream, client.text(upstream.model(), stream, "Hi"));
        HttpResponse<String> unavailable = send(client, upstream, stream, client.text(upstream.model(), stream, "Hi"));

        // 529 is Anthropic's own status; the other protocols' clients know 503.
        assertThat(overloaded.statusCode()).as(overloaded.body())
                .isEqualTo(client == ClientWire.ANTHROPIC ? 529 : 503);
        // A 503 that says "overloaded" may reach an Anthropic client as its own 529; the others only know 503.
        if (client == ClientWire.ANTHROPIC) {
            assertThat(unavailable.statusCode()).as(unavailable.body()).isIn(503, 529);
        } else {
            assertThat(unavailable.statusCode()).as(unavailable.body()).isEqualTo(503);
        }
        for (HttpResponse<String> response : java.util.List.of(overloaded, unavailable)) {
            JsonNode error = errorOf(client, response);
            switch (client) {
                case CHAT, RESPONSES -> assertThat(error.path("type").asString()).isEqualTo("service_unavailable");
                case ANTHROPIC -> assertThat(error.path("type").asString()).isEqualTo("overloaded_error");
                case GEMINI -> assertThat(error.path("status").asString()).isEqualTo("UNAVAILABLE");
            }
        }
    }

    @ParameterizedTest(name = "{0} client, {1} provider, stream={2}")
    @MethodSource("matrix")
    void cutStreamIsNeverACleanEnd(ClientWire client, UpstreamType upstream, boolean stream) throws Exception {
        // Six events: in every protocol some text has gone out before the cut, so the client's response has begun.
        UPSTREAM.enqueue(Fault.cutAfterChunks(6).during(Reply.text("one two three four five six").withTextChunks(6)));

        HttpResponse<String> response = send(client, upstream, stream, client.text(upstream.model(), stream, "Count"));

        if (!stream) {
            // A body cut short is an error before any byte reached the client.
            assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
            errorOf(client, response);
        } else {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            ClientWire.Answer answer = client.read(response.body(), true);
            assertThat(answer.cleanEnd()).as(response.body()).isFalse();
            assertThat(answer.streamError()).as(response.body()).isPresent();
            assertThat(answer.text()).isNotEmpty();
            assertThat("one two three four five six").startsWith(answer.text());
        }
        UsageRecord row = awaitRow(response);
        assertThat(row.errorType()).isPresent();
    }

    /** The error object of an error response, checked to be in the client protocol's shape. */
    static JsonNode errorOf(ClientWire client, HttpResponse<String> response) {
        return errorOf(client, response.statusCode(), response.body());
    }

    static JsonNode errorOf(ClientWire client, int status, String text) {
        JsonNode body = ClientWire.JSON.readTree(text);
        if (client == ClientWire.ANTHROPIC) {
            assertThat(body.path("type").asString()).isEqualTo("error");
        }
        JsonNode error = body.path("error");
        assertThat(error.isObject()).as(text).isTrue();
        assertThat(error.path("message").asString()).isNotBlank();
        if (client == ClientWire.GEMINI) {
            assertThat(error.path("code").asInt()).isEqualTo(status);
        }
        return error;
    }
}
