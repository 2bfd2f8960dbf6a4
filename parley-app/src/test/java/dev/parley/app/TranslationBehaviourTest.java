package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.Fault;
import dev.parley.testkit.Reply;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** What translation must keep that a happy-path matrix does not show: hang-ups, bad bodies, the provider's words. */
class TranslationBehaviourTest extends MatrixParley {

    @ParameterizedTest(name = "{0} client, {1} provider")
    @CsvSource({"ANTHROPIC, GEMINI", "GEMINI, ANTHROPIC", "RESPONSES, ANTHROPIC", "ANTHROPIC, OPENAI", "GEMINI, GEMINI"})
    void clientHangUpCancelsTheUpstreamCall(ClientWire client, UpstreamType upstream) throws Exception {
        UPSTREAM.enqueue(Reply.text("w ".repeat(50)).withTextChunks(50).withChunkDelay(Duration.ofMillis(100)));
        HttpRequest.Builder request = HttpRequest.newBuilder(parley.uri(client.path(upstream.model(), true)))
                .POST(HttpRequest.BodyPublishers.ofString(client.text(upstream.model(), true, "Talk")));
        client.headers(TestParley.KEY).forEach(request::header);
        HttpResponse<InputStream> response = parley.http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = reader.readLine();
            } while (line != null && !line.startsWith("data:"));
            assertThat(line).isNotNull();
        }

        UPSTREAM.fake().awaitClientHangUps(1, Duration.ofSeconds(3));
        await().atMost(Duration.ofSeconds(5)).until(() -> parley.parley.inFlight() == 0);
    }

    @Test
    void aSilentProviderMidStreamGetsTheClientKeepAlives() throws Exception {
        // Two text chunks, then 12 s of silence (longer than Parley's 10 s keep-alive interval), then a cut.
        UPSTREAM.enqueue(Fault.stallAfterChunks(2, Duration.ofSeconds(12))
                .during(Reply.text("one two three").withTextChunks(3)));

        HttpResponse<String> response = send(ClientWire.ANTHROPIC, UpstreamType.GEMINI, true,
                ClientWire.ANTHROPIC.text(UpstreamType.GEMINI.model(), true, "Think"));

        assertThat(response.statusCode()).isEqualTo(200);
        String body = response.body();
        assertThat(body).contains("event: ping");
        assertThat(body.lastIndexOf("event: ping")).isGreaterThan(body.lastIndexOf("text_delta"));
        assertThat(ClientWire.ANTHROPIC.read(body, true).streamError()).isPresent();
    }

    @ParameterizedTest(name = "{0} client, {1} provider")
    @CsvSource({"ANTHROPIC, GEMINI", "GEMINI, ANTHROPIC", "RESPONSES, GEMINI", "GEMINI, OPENAI"})
    void aBodyTheClientsProtocolRefusesIsA400NamingTheField(ClientWire client, UpstreamType upstream) throws Exception {
        String body = switch (client) {
            case ANTHROPIC -> "{\"model\":\"" + upstream.model() + "\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\","
                    + "\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\","
                    + "\"data\":42}}]}]}";
            case GEMINI -> "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"inlineData\":{\"mimeType\":\"image/png\","
                    + "\"data\":42}}]}]}";
            case RESPONSES -> "{\"model\":\"" + upstream.model() + "\",\"input\":[{\"type\":\"message\",\"role\":\"user\","
                    + "\"content\":[{\"type\":\"input_image\",\"image_url\":42}]}]}";
            case CHAT -> throw new IllegalArgumentException();
        };

        HttpResponse<String> response = send(client, upstream, false, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = UpstreamFailureMatrixTest.errorOf(client, response);
        assertThat(error.path("message").asString()).containsAnyOf("data", "image_url");
        assertThat(UPSTREAM.fake().requests()).isEmpty();
    }

    @ParameterizedTest(name = "{0} client, {1} provider")
    @CsvSource({"ANTHROPIC, GEMINI", "GEMINI, ANTHROPIC", "RESPONSES, ANTHROPIC", "ANTHROPIC, OPENAI",
            "ANTHROPIC, ANTHROPIC"})
    void theProvidersOwnWordsReachTheClient(ClientWire client, UpstreamType upstream) throws Exception {
        String words = "prompt is too long: 208101 tokens > 200000 maximum";
        UPSTREAM.enqueue(Fault.status(400).withMessage(words));

        HttpResponse<String> response = send(client, upstream, true, client.text(upstream.model(), true, "Hi"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(UpstreamFailureMatrixTest.errorOf(client, response).path("message").asString()).contains(words);
    }

    @ParameterizedTest(name = "{0} client, {1} provider")
    @CsvSource({"ANTHROPIC, GEMINI", "GEMINI, ANTHROPIC", "RESPONSES, ANTHROPIC", "ANTHROPIC, OPENAI",
            "GEMINI, GEMINI", "ANTHROPIC, ANTHROPIC"})
    void aRefusedProviderKeyIsParleysProblemAndItsTextIsDropped(ClientWire client, UpstreamType upstream)
            throws Exception {
        UPSTREAM.enqueue(Fault.status(401).withMessage("Incorrect API key provided: " + TestParley.PROVIDER_KEY));

        HttpResponse<String> response = send(client, upstream, false, client.text(upstream.model(), false, "Hi"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
        UpstreamFailureMatrixTest.errorOf(client, response);
        assertThat(response.body()).doesNotContain(TestParley.PROVIDER_KEY).contains("refused Parley's credentials");
    }

}
