package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import com.sun.net.httpserver.HttpServer;
import dev.parley.core.config.ConfigException;
import dev.parley.core.config.ConfigLoader;
import dev.parley.testkit.Fault;
import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.RecordedRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Planted secrets that must never come out where they do not belong: a provider key in the configuration and one
 * added through the admin API, virtual keys made through the admin API, {@code PARLEY_SECRET} and the master key,
 * near-misses of the keys (a client's mistyped key may be a real secret sent to the wrong place), a key in a
 * provider URL's query (refused, from the file and from the admin API), a key pasted into a model name, a key a
 * client sends in a header its route does not read ({@code x-api-key} beside a Bearer key) and in a custom header.
 * Traffic in all four protocols, healthy and failing (upstream 400, 401 and 429 echoing the provider key, 500, an
 * in-stream error event echoing it; invalid keys), and admin calls; then every log line as the app's own layout
 * prints it (at DEBUG), the access log, every span exported to a local OTLP collector, every answer's body and
 * headers, {@code /metrics}, the usage records and the audit export of the admin API, the database's files and every
 * request the fake provider received are searched. Only two places may hold a secret: the answer that makes a key
 * holds that key, and the upstream request's own credential header holds its provider's key.
 */
class SecretCanaryTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String PROVIDER = "sk-canary-provider-" + random();
    private static final String MASTER = "pk-canary-master-" + random();
    /** Hex, as PARLEY_SECRET may be given; 32 bytes. */
    private static final String SECRET = random() + random();
    /** An Anthropic provider's key, added through the admin API. */
    private static final String ADMIN_PROVIDER = "sk-ant-canary-admin-" + random();
    /** In a provider URL's query, which is refused wherever it is given. */
    private static final String QUERY = "canary-query-" + random();
    /** A key pasted into a model name: Parley cannot know it, only its shape. */
    private static final String IN_MODEL = "sk-canary-model-" + random();
    /** A key in {@code x-api-key} on an OpenAI route, where the Bearer key is the one read. */
    private static final String CLIENT_HEADER = "sk-canary-client-" + random();
    /** A key in a header of the client's own, which no provider is sent. */
    private static final String CUSTOM_HEADER = "canary-custom-" + random();

    @RegisterExtension
    static final FakeProviderExtension FAKE = new FakeProviderExtension();

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> logs = new CopyOnWriteArrayList<>();
    /** What the local OTLP collector received, as Latin-1 text: protobuf carries its strings as UTF-8 bytes. */
    private final List<String> spans = new CopyOnWriteArrayList<>();
    /** Every answer, with what it may hold: the key it made, if any. */
    private final List<Seen> answers = new ArrayList<>();
    private Parley parley;

    private record Seen(String what, String text, String allowed) {
    }

    @Test
    void noPlantedSecretLeavesItsPlace() throws Exception {
        LogCapture capture = LogCapture.attach(logs);
        HttpServer collector = collector();
        try {
            parley = Parley.start(ConfigLoader.parse(yaml(), Map.of()), Map.of("PARLEY_SECRET", SECRET,
                    "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort(),
                    "OTEL_BSP_SCHEDULE_DELAY", "50"));
            List<String> secrets;
            try {
                secrets = drive();
                parley.flushUsage();
            } finally {
                parley.close();
            }
            // Closing the telemetry flushed every span.
            assertThat(spans).as("spans were exported").isNotEmpty();
            check(secrets);
        } finally {
            collector.stop(0);
            capture.detach();
        }
    }

    /** A provider URL with a key in its query is refused from the file, and the refusal does not repeat the key. */
    @Test
    void aKeyInAProviderUrlIsRefusedWithoutRepeatingIt() {
        String yaml = yaml().replace("base_url: \"" + FAKE.baseUrl() + "/v1\"",
                "base_url: \"" + FAKE.baseUrl() + "/v1?key=" + QUERY + "\"");
        assertThat(yaml).contains(QUERY);
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("base_url").hasMessageNotContaining(QUERY);
    }

    /** The app's own log layout blanks a secret out of any line, whoever wrote it. */
    @Test
    void theLogLayoutRedactsEveryLine() {
        LogCapture capture = LogCapture.attach(logs);
        try {
            LoggerFactory.getLogger("dev.parley.canary").warn("calling with Authorization: Bearer {} failed",
                    PROVIDER, new IllegalStateException("refused key " + PROVIDER));
        } finally {
            capture.detach();
        }
        assertThat(logs).singleElement().asString().contains("Authorization: [redacted]", "refused key [redacted]")
                .doesNotContain(PROVIDER);
    }

    private List<String> drive() throws Exception {
        String team = admin("POST", "/admin/teams", "{\"name\":\"canary\"}").path("id").asString();
        String project = admin("POST", "/admin/projects", "{\"team_id\":\"" + team + "\",\"name\":\"p\"}").path("id")
                .asString();
        String member = admin("POST", "/admin/members", "{\"email\":\"c@example.com\"}").path("id").asString();
        admin("PUT", "/admin/teams/" + team + "/members/" + member, "{\"role\":\"admin\"}");
        JsonNode created = admin("POST", "/admin/keys", "{\"project_id\":\"" + project + "\",\"member_id\":\""
                + member + "\",\"rules\":{\"log_bodies\":true}}");
        String virtual = created.path("key").asString();
        assertThat(virtual).startsWith("sk-parley-");
        List<String> secrets = new ArrayList<>(List.of(PROVIDER, MASTER, SECRET, virtual, altered(virtual),
                altered(MASTER), altered(PROVIDER), ADMIN_PROVIDER, QUERY, IN_MODEL, CLIENT_HEADER, CUSTOM_HEADER));
        adminCatalog();

        for (ClientWire wire : ClientWire.values()) {
            for (boolean stream : List.of(false, true)) {
                assertThat(model(wire, virtual, stream).statusCode()).as("%s stream=%s", wire, stream).isEqualTo(200);
            }
            FAKE.enqueue(Fault.status(401).withMessage("Incorrect API key provided: " + PROVIDER));
            assertThat(model(wire, virtual, false).statusCode()).isGreaterThanOrEqualTo(400);
            for (boolean stream : List.of(false, true)) {
                FAKE.enqueue(Fault.status(429).withMessage("Rate limit reached for key " + PROVIDER));
                assertThat(model(wire, virtual, stream).statusCode()).isGreaterThanOrEqualTo(400);
            }
            // A client's own mistake is relayed as the provider wrote it to a client of its protocol.
            FAKE.enqueue(Fault.status(400).withMessage("Invalid request sent with key " + PROVIDER));
            assertThat(model(wire, virtual, false).statusCode()).isEqualTo(400);
            FAKE.enqueue(Fault.status(500));
            assertThat(model(wire, virtual, false).statusCode()).isGreaterThanOrEqualTo(400);
            // After the first bytes: the provider's error event reaches the client, relayed or translated.
            FAKE.enqueue(Fault.errorEventAfterChunks(3).withMessage("Quota exceeded for key " + PROVIDER));
            HttpResponse<String> cut = model(wire, virtual, true);
            assertThat(cut.statusCode()).isEqualTo(200);
            assertThat(wire.read(cut.body(), true).streamError()).as("%s: %s", wire, cut.body()).isPresent();
            // A key pasted into the model name: unknown, refused, and its text is the client's.
            assertThat(model(wire, virtual, false, "gpt-" + IN_MODEL, Map.of()).statusCode()).isEqualTo(404);
            for (String wrong : List.of(altered(virtual), altered(MASTER), altered(PROVIDER), PROVIDER)) {
                assertThat(model(wire, wrong, false).statusCode()).as("%s with a wrong key", wire).isEqualTo(401);
            }
        }
        // The member's own key on the admin API, then the master key's near miss.
        assertThat(call("GET", "/admin/me", virtual, "").statusCode()).isEqualTo(200);
        assertThat(call("GET", "/admin/keys", altered(MASTER), "").statusCode()).isEqualTo(401);
        assertThat(call("GET", "/admin/keys", altered(virtual), "").statusCode()).isEqualTo(401);
        admin("GET", "/admin/keys?include_inactive=true", "");
        admin("GET", "/admin/keys/" + created.path("id").asString(), "");
        JsonNode rotated = admin("POST", "/admin/keys/" + created.path("id").asString() + "/rotate",
                "{\"overlap\":\"1h\"}");
        String fresh = rotated.path("key").asString();
        secrets.add(fresh);
        secrets.add(altered(fresh));
        assertThat(model(ClientWire.CHAT, fresh, false).statusCode()).isEqualTo(200);
        assertThat(model(ClientWire.CHAT, altered(fresh), false).statusCode()).isEqualTo(401);
        admin("POST", "/admin/keys/" + rotated.path("id").asString() + "/revoke", "");
        assertThat(model(ClientWire.CHAT, fresh, false).statusCode()).isEqualTo(401);
        clientHeaders(virtual);
        answers.add(new Seen("GET /metrics", call("GET", "/metrics", MASTER, "").body(), ""));
        parley.flushUsage();
        HttpResponse<String> records = call("GET", "/admin/usage/records?from=7d", MASTER, "");
        assertThat(records.statusCode()).as(records.body()).isEqualTo(200);
        assertThat(records.body()).as("the usage records name the refused model").contains("gpt-[redacted]");
        for (String path : List.of("/admin/audit", "/admin/audit/verify", "/admin/channels", "/admin/queue",
                "/admin/alerts", "/admin/teams", "/admin/members", "/admin/openapi.json")) {
            admin("GET", path, "");
        }
        String export = call("GET", "/admin/audit/export", MASTER, "").body();
        assertThat(export.lines().count()).as("the export has entries").isGreaterThan(5);
        assertThat(export).contains("auth.failure", "key.create", "key.rotate", "key.revoke");
        assertThat(answers.stream().filter(s -> s.text().contains(created.path("key").asString())).count())
                .as("the key is shown once, by the answer that made it").isEqualTo(1);
        assertThat(answers.stream().filter(s -> s.text().contains(fresh)).count()).isEqualTo(1);
        return secrets;
    }

    /**
     * An Anthropic provider added through the admin API with its key, which serves and echoes its key in errors, then
     * a provider whose URL has a key in its query, refused.
     */
    private void adminCatalog() throws Exception {
        admin("POST", "/admin/providers", """
                {"name": "canary-anthropic", "type": "anthropic", "base_url": "%s", "keys": ["%s"]}
                """.formatted(FAKE.baseUrl(), ADMIN_PROVIDER));
        admin("POST", "/admin/models", "{\"name\": \"claude-canary\", \"routes\": [{\"provider\":"
                + " \"canary-anthropic\", \"model\": \"claude-upstream\"}]}");
        HttpResponse<String> refused = call("POST", "/admin/providers", MASTER, """
                {"name": "canary-query", "type": "openai-compatible", "base_url": "%s/v1?key=%s", "keys": ["k-0123456789"]}
                """.formatted(FAKE.baseUrl(), QUERY));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        admin("GET", "/admin/providers", "");
        admin("GET", "/admin/providers/canary-anthropic", "");
    }

    /** Keys in headers a route does not read, and the admin-made provider's key echoed in its errors. */
    private void clientHeaders(String virtual) throws Exception {
        Map<String, String> stray = Map.of("x-api-key", CLIENT_HEADER, "x-custom-token", CUSTOM_HEADER);
        for (ClientWire wire : List.of(ClientWire.CHAT, ClientWire.ANTHROPIC)) {
            for (boolean stream : List.of(false, true)) {
                String model = wire == ClientWire.ANTHROPIC ? "claude-canary" : "gpt-test";
                assertThat(model(wire, virtual, stream, model, wire == ClientWire.CHAT ? stray
                        : Map.of("x-custom-token", CUSTOM_HEADER)).statusCode()).isEqualTo(200);
                FAKE.enqueue(Fault.status(429).withMessage("Too many requests for " + ADMIN_PROVIDER + " and "
                        + PROVIDER));
                assertThat(model(wire, virtual, stream, model, Map.of()).statusCode()).isEqualTo(429);
                FAKE.enqueue(Fault.errorEventAfterChunks(4).withMessage("Overloaded, key " + ADMIN_PROVIDER));
                assertThat(model(wire, virtual, true, model, Map.of()).statusCode()).isEqualTo(200);
            }
        }
        // Gemini's key in the query string, and a model pasted with a key in the path.
        HttpRequest gemini = HttpRequest.newBuilder(URI.create(parley.baseUrl() + "/v1beta/models/gpt-test:generateContent"
                + "?key=" + virtual)).POST(HttpRequest.BodyPublishers.ofString(ClientWire.GEMINI.text("gpt-test", false,
                "Hi"))).header("content-type", "application/json").build();
        assertThat(record("gemini ?key=", gemini, "").statusCode()).isEqualTo(200);
        HttpRequest pasted = HttpRequest.newBuilder(URI.create(parley.baseUrl() + "/v1beta/models/" + IN_MODEL
                + ":generateContent")).POST(HttpRequest.BodyPublishers.ofString(ClientWire.GEMINI.text(IN_MODEL, false,
                "Hi"))).header("content-type", "application/json").header("x-goog-api-key", virtual).build();
        assertThat(record("gemini model with a key", pasted, "").statusCode()).isEqualTo(404);
    }

    private void check(List<String> secrets) throws Exception {
        List<String> leaks = new ArrayList<>();
        assertThat(logs).as("the log was captured").isNotEmpty();
        assertThat(logs).as("the access log was captured").anyMatch(line -> line.contains("\"request_id\""));
        for (String span : spans) {
            find(secrets, "span export", span, "", leaks);
        }
        for (String line : logs) {
            find(secrets, "log: " + line, line, "", leaks);
        }
        for (Seen seen : answers) {
            find(secrets, seen.what(), seen.text(), seen.allowed(), leaks);
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                // Latin-1 maps every byte to one char, so that text stored in any page of the database is found.
                find(secrets, "file " + file.getFileName(), new String(Files.readAllBytes(file),
                        StandardCharsets.ISO_8859_1), "", leaks);
            }
        }
        List<RecordedRequest> upstream = FAKE.fake().requests();
        assertThat(upstream).as("the fake was called").hasSizeGreaterThan(10);
        assertThat(upstream).as("the admin-made provider was called").anyMatch(r -> r.header("x-api-key").isPresent());
        for (RecordedRequest request : upstream) {
            Map<String, List<String>> others = new LinkedHashMap<>(request.headers());
            if (request.header("x-api-key").isPresent()) {
                assertThat(request.header("x-api-key")).as("the admin-made provider's key in its own header")
                        .contains(ADMIN_PROVIDER);
                others.remove("x-api-key");
            } else {
                assertThat(request.header("authorization")).as("the provider key in its own header")
                        .contains("Bearer " + PROVIDER);
                others.remove("authorization");
            }
            String text = request.method() + " " + request.uri() + " " + others + " " + request.bodyText();
            find(secrets, "upstream request " + request.sequence(), text, "", leaks);
        }
        assertThat(leaks).isEmpty();
    }

    private static void find(List<String> secrets, String where, String text, String allowed, List<String> leaks) {
        for (String secret : secrets) {
            if (!secret.equals(allowed) && text.contains(secret)) {
                leaks.add(where + " holds " + label(secret) + ": " + text);
            }
        }
    }

    private static String label(String secret) {
        return secret.equals(PROVIDER) ? "the provider key" : secret.equals(MASTER) ? "the master key"
                : secret.equals(SECRET) ? "PARLEY_SECRET" : "a key (" + secret.substring(0, 16) + "…)";
    }

    private HttpResponse<String> model(ClientWire wire, String key, boolean stream) throws Exception {
        return model(wire, key, stream, "gpt-test", Map.of());
    }

    private HttpResponse<String> model(ClientWire wire, String key, boolean stream, String model,
                                       Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(parley.baseUrl() + wire.path(model, stream)))
                .POST(HttpRequest.BodyPublishers.ofString(wire.text(model, stream, "Hello")))
                .header("content-type", "application/json");
        wire.headers(key).forEach(request::header);
        headers.forEach(request::header);
        return record(wire + (stream ? " stream " : " ") + model, request.build(), "");
    }

    /** A local OTLP collector over a real socket, keeping every export. */
    private HttpServer collector() throws Exception {
        HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/", exchange -> {
            spans.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1));
            exchange.getResponseHeaders().add("content-type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        return collector;
    }

    private JsonNode admin(String method, String path, String body) throws Exception {
        HttpResponse<String> response = call(method, path, MASTER, body);
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isBetween(200, 299);
        return response.body().isEmpty() ? AdminClient.JSON.nullNode() : AdminClient.JSON.readTree(response.body());
    }

    private HttpResponse<String> call(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(parley.baseUrl() + path))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("authorization", "Bearer " + key);
        // The one answer that may hold a key is the one that makes it: read its key and allow exactly that.
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String allowed = "";
        if (response.statusCode() == 201 && path.startsWith("/admin/keys")) {
            allowed = AdminClient.JSON.readTree(response.body()).path("key").asString();
        }
        answers.add(new Seen(method + " " + path, response.body() + " " + response.headers().map(), allowed));
        return response;
    }

    private HttpResponse<String> record(String what, HttpRequest request, String allowed) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        answers.add(new Seen(what, response.body() + " " + response.headers().map(), allowed));
        return response;
    }

    /** The key with its last character changed: a near miss that must be treated as a secret too. */
    private static String altered(String key) {
        char last = key.charAt(key.length() - 1);
        return key.substring(0, key.length() - 1) + (last == 'a' ? 'b' : 'a');
    }

    private static String random() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    private String yaml() {
        return """
                server: {host: 127.0.0.1, port: 0, data_dir: "%s", shutdown_grace: 2s}
                retries: {max_attempts: 1}
                master_key: "%s"
                providers:
                  - {name: fake-openai, type: openai-compatible, base_url: "%s/v1", keys: ["%s"]}
                models:
                  - {name: gpt-test, routes: [{provider: fake-openai, model: upstream-model}]}
                """.formatted(dataDir, MASTER, FAKE.baseUrl(), PROVIDER);
    }

    /**
     * Every log event of the process at DEBUG and above, as the app's own layout prints it (the {@code STDERR}
     * appender's layout for Parley's lines, the {@code ACCESS} appender's line for the access log), exceptions
     * included.
     */
    private static final class LogCapture extends AppenderBase<ILoggingEvent> {
        private final List<String> lines;
        private final ch.qos.logback.classic.Logger root;
        /** The access log does not add to the root's appenders: it is captured on its own logger. */
        private final ch.qos.logback.classic.Logger access;
        private final Layout<ILoggingEvent> lineLayout;
        private final Level level;

        private LogCapture(List<String> lines, ch.qos.logback.classic.Logger root, ch.qos.logback.classic.Logger access) {
            this.lines = lines;
            this.root = root;
            this.access = access;
            this.lineLayout = layout(root, "STDERR");
            assertThat(access.getAppender("ACCESS")).as("the app's ACCESS appender")
                    .isInstanceOf(LineBatchAppender.class);
            this.level = root.getLevel();
        }

        private static Layout<ILoggingEvent> layout(ch.qos.logback.classic.Logger logger, String appender) {
            Appender<ILoggingEvent> found = logger.getAppender(appender);
            assertThat(found).as("the app's %s appender", appender).isInstanceOf(OutputStreamAppender.class);
            return ((LayoutWrappingEncoder<ILoggingEvent>) ((OutputStreamAppender<ILoggingEvent>) found).getEncoder())
                    .getLayout();
        }

        static LogCapture attach(List<String> lines) {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            LogCapture capture = new LogCapture(lines, context.getLogger(Logger.ROOT_LOGGER_NAME),
                    context.getLogger("parley.access"));
            capture.setContext(context);
            capture.start();
            capture.root.addAppender(capture);
            if (!capture.access.isAdditive()) {
                capture.access.addAppender(capture);
            }
            capture.root.setLevel(Level.DEBUG);
            return capture;
        }

        void detach() {
            root.detachAppender(this);
            access.detachAppender(this);
            root.setLevel(level);
            stop();
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLoggerName().startsWith("dev.parley.testkit")) {
                return;
            }
            lines.add(event.getLoggerName().equals("parley.access") ? LineBatchAppender.line(event) + "\n"
                    : lineLayout.doLayout(event));
        }
    }
}
