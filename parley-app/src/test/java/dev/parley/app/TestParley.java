package dev.parley.app;

import dev.parley.core.config.ConfigLoader;
import dev.parley.core.config.ParleyConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A real Parley on a random port, with its SQLite ledger in a temporary folder, configured by YAML text the
 * way an operator would write it. Tests speak to it over real sockets.
 */
final class TestParley implements AutoCloseable {

    static final String KEY = "pk-test-0123456789abcdef";
    static final String LIMITED_KEY = "pk-limited-0123456789abcdef";
    static final String PROVIDER_KEY = "sk-upstream-secret-0123456789";

    final Parley parley;
    final Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TestParley(Parley parley, Path dataDir) {
        this.parley = parley;
        this.dataDir = dataDir;
    }

    /** Parley in front of one OpenAI-compatible upstream serving model {@code gpt-test} as {@code upstream-model}. */
    static TestParley inFrontOf(String upstreamBaseUrl, Path dataDir) {
        return start(yaml(upstreamBaseUrl, dataDir, ""), dataDir);
    }

    static String yaml(String upstreamBaseUrl, Path dataDir, String serverExtra) {
        return """
                server: {host: 127.0.0.1, port: 0, data_dir: "%s", shutdown_grace: 10s%s}
                retries: {max_attempts: 1}
                providers:
                  - name: fake-openai
                    type: openai-compatible
                    base_url: %s/v1
                    keys: ["${UPSTREAM_KEY}"]
                models:
                  - name: gpt-test
                    routes:
                      - {provider: fake-openai, model: upstream-model}
                keys:
                  - {name: ci, key: "%s"}
                  - {name: limited, key: "%s", models: ["other-*"]}
                """.formatted(dataDir, serverExtra, upstreamBaseUrl, KEY, LIMITED_KEY);
    }

    static TestParley start(String yaml, Path dataDir) {
        return start(yaml, dataDir, Map.of());
    }

    /** A Parley whose environment also holds {@code more} (the OTEL_ variables, say). */
    static TestParley start(String yaml, Path dataDir, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(more);
        env.put("UPSTREAM_KEY", PROVIDER_KEY);
        ParleyConfig config = ConfigLoader.parse(yaml, env);
        return new TestParley(Parley.start(config, env), dataDir);
    }

    URI uri(String path) {
        return URI.create(parley.baseUrl() + path);
    }

    HttpResponse<String> post(String path, String key, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path))
                .header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String key) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request with the given headers, as the client of that protocol sends it. */
    HttpResponse<String> send(String method, String path, java.util.Map<String, String> headers, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        if (!body.isEmpty()) {
            request.header("content-type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpClient http() {
        return http;
    }

    @Override
    public void close() {
        parley.close();
    }
}
