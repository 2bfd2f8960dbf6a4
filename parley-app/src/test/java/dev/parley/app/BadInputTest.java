package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.FakeProviderExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Every kind of bad request gets OpenAI's error shape, the right status, and reaches no provider. */
class BadInputTest {

    @RegisterExtension
    static final FakeProviderExtension UPSTREAM = new FakeProviderExtension();

    @TempDir
    static Path dataDir;

    static TestParley parley;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        parley = TestParley.start(TestParley.yaml(UPSTREAM.baseUrl(), dataDir, ", max_body_bytes: 4096"), dataDir);
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    @Test
    void malformedJson() throws Exception {
        JsonNode error = expectError(parley.post("/v1/chat/completions", TestParley.KEY, "{\"model\": \"gpt-test\","), 400);

        assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asString()).startsWith("the request body is not valid JSON");
    }

    @Test
    void notAnObject() throws Exception {
        expectError(parley.post("/v1/chat/completions", TestParley.KEY, "[]"), 400);
    }

    @Test
    void missingModel() throws Exception {
        JsonNode error = expectError(parley.post("/v1/chat/completions", TestParley.KEY, "{\"messages\":[]}"), 400);

        assertThat(error.get("param").asString()).isEqualTo("model");
    }

    @Test
    void missingMessages() throws Exception {
        JsonNode error = expectError(parley.post("/v1/chat/completions", TestParley.KEY, "{\"model\":\"gpt-test\"}"), 400);

        assertThat(error.get("param").asString()).isEqualTo("messages");
    }

    @Test
    void unknownModel() throws Exception {
        JsonNode error = expectError(parley.post("/v1/chat/completions", TestParley.KEY,
                "{\"model\":\"no-such-model\",\"messages\":[]}"), 404);

        assertThat(error.get("code").asString()).isEqualTo("model_not_found");
        assertThat(error.get("message").asString()).contains("no-such-model");
    }

    @Test
    void modelTheKeyMayNotUse() throws Exception {
        JsonNode error = expectError(parley.post("/v1/chat/completions", TestParley.LIMITED_KEY,
                "{\"model\":\"gpt-test\",\"messages\":[]}"), 403);

        assertThat(error.get("code").asString()).isEqualTo("model_not_allowed");
    }

    @Test
    void bodyOverTheLimit() throws Exception {
        String big = "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(5000) + "\"}]}";

        JsonNode error = expectError(parley.post("/v1/chat/completions", TestParley.KEY, big), 413);

        assertThat(error.get("message").asString()).contains("4096");
    }

    @Test
    void wrongKeyIsNeverEchoed() throws Exception {
        String wrong = "sk-live-this-is-somebody-elses-real-key";

        HttpResponse<String> response = parley.post("/v1/chat/completions", wrong, "{\"model\":\"gpt-test\",\"messages\":[]}");

        JsonNode error = expectError(response, 401);
        assertThat(error.get("code").asString()).isEqualTo("invalid_api_key");
        assertThat(response.body()).doesNotContain(wrong);
    }

    @Test
    void missingKey() throws Exception {
        HttpResponse<String> response = parley.http().send(HttpRequest.newBuilder(parley.uri("/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(expectError(response, 401).get("code").asString()).isEqualTo("missing_api_key");
    }

    @Test
    void otherClientsKeyHeadersWorkToo() throws Exception {
        HttpResponse<String> response = parley.http().send(HttpRequest.newBuilder(parley.uri("/v1/models"))
                .header("x-api-key", TestParley.KEY).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void wrongMethodAndUnknownPath() throws Exception {
        expectError(parley.get("/v1/chat/completions", TestParley.KEY), 405);
        expectError(parley.get("/v1/nothing-here", TestParley.KEY), 404);
    }

    @Test
    void noBadRequestReachedTheProvider() throws Exception {
        parley.post("/v1/chat/completions", TestParley.KEY, "{\"model\":\"nope\",\"messages\":[]}");
        parley.post("/v1/chat/completions", TestParley.KEY, "{");

        assertThat(UPSTREAM.fake().requests()).isEmpty();
    }

    private JsonNode expectError(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("x-parley-request-id")).isPresent();
        JsonNode error = json.readTree(response.body()).get("error");
        assertThat(error).as(response.body()).isNotNull();
        assertThat(error.get("message").asString()).isNotBlank();
        return error;
    }
}
