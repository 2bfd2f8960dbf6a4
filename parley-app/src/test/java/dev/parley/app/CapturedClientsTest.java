package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.RecordedRequest;
import dev.parley.testkit.Reply;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The requests Claude Code, Codex and the Gemini CLI really sent (captured, long texts replaced by filler of the
 * same length), replayed through Parley to every provider type with their own headers: each must come back as a
 * well-formed answer in the client's protocol.
 */
class CapturedClientsTest extends MatrixParley {

    private static final Path FIXTURES = Path.of("..", "parley-core", "src", "test", "resources", "fixtures", "clients");
    /** Transport and credential headers: the test client sets its own, and its key is Parley's. */
    private static final Set<String> NOT_REPLAYED = Set.of("host", "content-length", "connection", "accept-encoding",
            "authorization", "x-api-key", "x-goog-api-key", "expect", "transfer-encoding");

    static Stream<Arguments> captures() throws IOException {
        List<Arguments> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(FIXTURES)) {
            for (Path file : files.sorted().toList()) {
                JsonNode capture = ClientWire.JSON.readTree(file.toFile());
                if (capture.path("method").asString().equals("POST")) {
                    for (UpstreamType upstream : UpstreamType.values()) {
                        all.add(Arguments.of(file.getFileName().toString(), upstream));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("captures")
    void aCapturedRequestIsServedByEveryProviderType(String fixture, UpstreamType upstream) throws Exception {
        JsonNode capture = ClientWire.JSON.readTree(FIXTURES.resolve(fixture).toFile());
        String path = capture.path("path").asString();
        ClientWire client = path.startsWith("/v1/messages") ? ClientWire.ANTHROPIC
                : path.startsWith("/v1/responses") ? ClientWire.RESPONSES : ClientWire.GEMINI;
        ObjectNode body = (ObjectNode) capture.path("body");
        boolean stream = client == ClientWire.GEMINI ? path.contains(":streamGenerateContent")
                : body.path("stream").asBoolean(false);
        if (client == ClientWire.GEMINI) {
            path = path.replaceFirst("/models/[^:]+:", "/models/" + upstream.model() + ":");
        } else {
            body.put("model", upstream.model());
        }
        StringBuilder query = new StringBuilder();
        capture.path("query").properties().forEach(e -> query.append(query.isEmpty() ? "?" : "&")
                .append(e.getKey()).append('=').append(e.getValue().asString()));
        // The client's own key header, then everything else the client really sent.
        Map<String, String> headers = new HashMap<>(client.headers(TestParley.KEY));
        capture.path("headers").properties().forEach(e -> {
            if (!NOT_REPLAYED.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asString());
            }
        });
        UPSTREAM.enqueue(Reply.text("Served by the provider."));

        HttpResponse<String> response = parley.send("POST", path + query, headers, ClientWire.JSON.writeValueAsString(body));

        assertOk(response);
        ClientWire.Answer answer = client.read(response.body(), stream);
        assertThat(answer.text()).isEqualTo("Served by the provider.");
        assertThat(answer.cleanEnd()).isTrue();
        RecordedRequest sent = UPSTREAM.fake().lastRequest();
        assertThat(sent.path()).isEqualTo(upstream.generationPath(client.protocol, stream));
        assertThat(sent.model()).contains(upstream.upstreamModel());
        // Claude Code's betas reach an Anthropic provider unchanged, and no other provider.
        boolean betas = client == ClientWire.ANTHROPIC && upstream == UpstreamType.ANTHROPIC;
        assertThat(sent.header("anthropic-beta").isPresent()).isEqualTo(betas);
        if (betas) {
            assertThat(sent.header("anthropic-beta")).contains(capture.at("/headers/anthropic-beta").asString());
        }
    }

    @Test
    void claudeCodesModelDiscoveryGetsTheAnthropicList() throws Exception {
        JsonNode capture = ClientWire.JSON.readTree(FIXTURES.resolve("claude-code-models-discovery.json").toFile());
        Map<String, String> headers = new HashMap<>();
        capture.path("headers").properties().forEach(e -> {
            if (!NOT_REPLAYED.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                headers.put(e.getKey(), e.getValue().asString());
            }
        });
        headers.put("authorization", "Bearer " + TestParley.KEY);

        HttpResponse<String> response = parley.send("GET", "/v1/models?limit=1000", headers, "");

        assertOk(response);
        JsonNode list = ClientWire.JSON.readTree(response.body());
        assertThat(list.path("has_more").isBoolean()).isTrue();
        assertThat(list.path("data").get(0).path("type").asString()).isEqualTo("model");
    }
}
