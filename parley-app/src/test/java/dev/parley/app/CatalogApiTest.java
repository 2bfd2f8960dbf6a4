package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.core.config.ConfigException;
import dev.parley.core.config.ConfigLoader;
import dev.parley.core.config.ParleyConfig;
import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.Fault;
import dev.parley.testkit.RecordedRequest;
import dev.parley.testkit.Reply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Providers and models made through the admin API on a real Parley (SQLite) in front of two fake providers: they
 * route at once, without a restart; a change routes the next request; they survive a restart with their keys,
 * which the database holds only encrypted.
 */
class CatalogApiTest {

    private static final String MASTER = "pk-master-catalog-0123456789";
    private static final String KEY_A = "sk-provider-a-canary-5e1f0c9b7d3a";
    private static final String KEY_B = "sk-provider-b-canary-8a2d4c6e0f1b";

    @RegisterExtension
    static final FakeProviderExtension A = new FakeProviderExtension();
    @RegisterExtension
    static final FakeProviderExtension B = new FakeProviderExtension();

    @TempDir
    Path dataDir;

    private TestParley parley;
    private AdminClient admin;

    @BeforeEach
    void start() {
        parley = TestParley.start(yaml(), dataDir);
        admin = new AdminClient(parley);
    }

    @AfterEach
    void stop() {
        if (parley != null) {
            parley.close();
        }
    }

    private String yaml() {
        return """
                server: {host: 127.0.0.1, port: 0, data_dir: "%s", shutdown_grace: 10s}
                retries: {max_attempts: 1}
                health: {consecutive_failures: 3, minimum_calls: 1000, base_cool_off: 10m, max_cool_off: 10m}
                master_key: "%s"
                providers:
                  - {name: fake-file, type: openai-compatible, base_url: "%s/v1", keys: ["${UPSTREAM_KEY}"]}
                models:
                  - name: gpt-test
                    routes: [{provider: fake-file, model: upstream-model}]
                """.formatted(dataDir, MASTER, A.baseUrl());
    }

    private JsonNode provider(String name, FakeProviderExtension fake, String key) throws Exception {
        return admin.post("/admin/providers", MASTER, """
                {"name": "%s", "type": "openai-compatible", "base_url": "%s/v1", "keys": ["%s"]}
                """.formatted(name, fake.baseUrl(), key));
    }

    private static String routes(String provider, String upstreamModel) {
        return "{\"routes\": [{\"provider\": \"" + provider + "\", \"model\": \"" + upstreamModel + "\"}]}";
    }

    private HttpResponse<String> chat(String model, boolean stream) throws Exception {
        return parley.post("/v1/chat/completions", MASTER, "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    private static RecordedRequest last(FakeProviderExtension fake) {
        return fake.fake().lastRequest();
    }

    @Test
    void aProviderAndAModelMadeThroughTheApiServeTheNextRequest() throws Exception {
        JsonNode made = provider("api-a", A, KEY_A);
        assertThat(made.toString()).doesNotContain(KEY_A).contains("sk-p…7d3a");
        admin.post("/admin/models", MASTER, "{\"name\": \"api-model\", " + routes("api-a", "model-a").substring(1));

        assertThat(chat("api-model", false).statusCode()).isEqualTo(200);
        assertThat(last(A).header("authorization")).contains("Bearer " + KEY_A);
        assertThat(last(A).json().orElseThrow().path("model").asString()).isEqualTo("model-a");

        provider("api-b", B, KEY_B);
        admin.expect(200, "PUT", "/admin/models/api-model", MASTER, routes("api-b", "model-b"));
        assertThat(chat("api-model", false).statusCode()).isEqualTo(200);
        assertThat(B.fake().requests()).hasSize(1);
        assertThat(last(B).header("authorization")).contains("Bearer " + KEY_B);
        assertThat(last(B).json().orElseThrow().path("model").asString()).isEqualTo("model-b");

        AdminClient.Answer inUse = admin.call("DELETE", "/admin/providers/api-b", MASTER, "");
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.body()).contains("api-model");

        admin.expect(204, "DELETE", "/admin/models/api-model", MASTER, "");
        HttpResponse<String> gone = chat("api-model", false);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body()).contains("model_not_found");
        admin.expect(204, "DELETE", "/admin/providers/api-b", MASTER, "");
        admin.expect(404, "GET", "/admin/providers/api-b", MASTER, "");
    }

    @Test
    void listingsShowBothSourcesWithKeysMasked() throws Exception {
        provider("api-a", A, KEY_A);

        JsonNode providers = admin.get("/admin/providers", MASTER);
        String text = providers.toString();

        assertThat(providers.path("items")).extracting(p -> p.path("name").asString() + ":" + p.path("source")
                .asString()).containsExactly("fake-file:file", "api-a:api");
        assertThat(text).doesNotContain(KEY_A).doesNotContain(TestParley.PROVIDER_KEY);
        assertThat(admin.get("/admin/providers/api-a", MASTER).path("keys").get(0).asString()).isEqualTo("sk-p…7d3a");
        assertThat(admin.get("/admin/models", MASTER).path("items").get(0).path("name").asString())
                .isEqualTo("gpt-test");
        // The audit log holds the change with the key masked.
        assertThat(admin.call("GET", "/admin/audit/export", MASTER, "").body()).contains("provider.create")
                .doesNotContain(KEY_A);
    }

    @Test
    void theFilesProvidersAndModelsAreReadOnly() throws Exception {
        AdminClient.Answer provider = admin.call("POST", "/admin/providers", MASTER,
                "{\"name\": \"fake-file\", \"type\": \"openai\", \"keys\": [\"k-0123456789abcdef\"]}");
        assertThat(provider.status()).isEqualTo(409);
        assertThat(provider.body()).contains("configuration file");

        AdminClient.Answer model = admin.call("PUT", "/admin/models/gpt-test", MASTER, routes("fake-file", "x"));
        assertThat(model.status()).isEqualTo(409);
        assertThat(model.body()).contains("configuration file");
        assertThat(admin.call("DELETE", "/admin/providers/fake-file", MASTER, "").status()).isEqualTo(409);
    }

    @Test
    void aChangeTheFileWouldRefuseIsRefusedWithTheSameMessage() throws Exception {
        AdminClient.Answer refused = admin.call("POST", "/admin/models", MASTER,
                "{\"name\": \"broken\", " + routes("no-such-provider", "m").substring(1));
        String fileMessage;
        try {
            ConfigLoader.parse(yaml() + """
                      - name: broken
                        routes: [{provider: no-such-provider, model: m}]
                    """, Map.of("UPSTREAM_KEY", "k"));
            throw new AssertionError("the file should be refused");
        } catch (ConfigException e) {
            fileMessage = e.getMessage();
        }

        assertThat(refused.status()).isEqualTo(422);
        String message = refused.json().at("/error/message").asString();
        assertThat(message).contains("no-such-provider");
        // The same words; only the file's line number is missing, since the change has no line.
        assertThat(fileMessage).startsWith(message);
        assertThat(admin.call("GET", "/admin/models/broken", MASTER, "").status()).isEqualTo(404);
    }

    @Test
    void theCatalogNeedsAKeyAndConfiguredKeysAreNoAdmins() throws Exception {
        assertThat(admin.call("GET", "/admin/providers", "", "").status()).isEqualTo(401);
        assertThat(admin.call("POST", "/admin/providers", "pk-nobody-0123456789abcdef", "{}").status())
                .isEqualTo(401);
    }

    @Test
    void theCatalogSurvivesARestartAndTheDatabaseNeverHoldsAKey() throws Exception {
        provider("api-a", A, KEY_A);
        admin.post("/admin/models", MASTER, "{\"name\": \"api-model\", " + routes("api-a", "model-a").substring(1));
        parley.close();
        parley = null;

        for (Path file : databaseFiles()) {
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(bytes).as(file.toString()).doesNotContain(KEY_A).doesNotContain("canary-5e1f");
        }
        assertThat(databaseFiles()).isNotEmpty();

        parley = TestParley.start(yaml(), dataDir);
        assertThat(chat("api-model", false).statusCode()).isEqualTo(200);
        assertThat(last(A).header("authorization")).contains("Bearer " + KEY_A);
    }

    @Test
    void aWrongServerSecretStopsStartUpNamingTheProvider() throws Exception {
        provider("api-a", A, KEY_A);
        parley.close();
        parley = null;

        Map<String, String> env = new HashMap<>();
        env.put("UPSTREAM_KEY", TestParley.PROVIDER_KEY);
        env.put("PARLEY_SECRET", "ab".repeat(32));
        ParleyConfig config = ConfigLoader.parse(yaml(), env);

        assertThatThrownBy(() -> Parley.start(config, env).close())
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("provider 'api-a'")
                .hasMessageContaining("PARLEY_SECRET")
                .hasMessageNotContaining(KEY_A);
    }

    @Test
    void aStreamInFlightKeepsItsRouteAcrossAChange() throws Exception {
        A.fake().defaultAnswer(Reply.text("a b c d e f g h").withTextChunks(8).withChunkDelay(Duration.ofMillis(150)));
        provider("api-a", A, KEY_A);
        provider("api-b", B, KEY_B);
        admin.post("/admin/models", MASTER, "{\"name\": \"api-model\", " + routes("api-a", "model-a").substring(1));

        CompletableFuture<HttpResponse<String>> stream = parley.http().sendAsync(
                HttpRequest.newBuilder(URI.create(parley.parley.baseUrl() + "/v1/chat/completions"))
                        .header("authorization", "Bearer " + MASTER).header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"api-model\",\"stream\":true,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        A.fake().awaitRequests(1, Duration.ofSeconds(10));
        admin.expect(200, "PUT", "/admin/models/api-model", MASTER, routes("api-b", "model-b"));
        assertThat(chat("api-model", false).statusCode()).isEqualTo(200);

        HttpResponse<String> streamed = stream.get(20, TimeUnit.SECONDS);
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.body()).contains("data: [DONE]");
        assertThat(A.fake().requests()).hasSize(1);
        assertThat(B.fake().requests()).hasSize(1);
        assertThat(stream.isDone()).isTrue();
    }

    @Test
    void aProviderMadeThroughTheApiIsHealthCheckedWhileItsCircuitIsOpen() throws Exception {
        admin.post("/admin/providers", MASTER, """
                {"name": "api-a", "type": "openai-compatible", "base_url": "%s/v1", "keys": ["%s"],
                 "health_check": {"interval": "100ms"}}
                """.formatted(A.baseUrl(), KEY_A));
        admin.post("/admin/models", MASTER, "{\"name\": \"api-model\", " + routes("api-a", "model-a").substring(1));
        A.enqueue(Fault.status(500), Fault.status(502), Fault.status(503));
        for (int i = 0; i < 3; i++) {
            assertThat(chat("api-model", false).statusCode()).isGreaterThanOrEqualTo(500);
        }

        // The check is a model list, sent only while a circuit of the provider is open.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(A.fake().requests())
                .anySatisfy(r -> assertThat(r.path()).isEqualTo("/v1/models")));
        assertThat(A.fake().requests().stream().filter(r -> r.path().equals("/v1/models")).findFirst().orElseThrow()
                .header("authorization")).contains("Bearer " + KEY_A);
    }

    private List<Path> databaseFiles() throws Exception {
        try (Stream<Path> files = Files.list(dataDir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("parley.db")).toList();
        }
    }
}
