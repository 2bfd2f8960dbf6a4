package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import dev.parley.core.config.ConfigLoader;
import dev.parley.testkit.Fault;
import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.RecordedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Planted secrets that must never come out where they do not belong: a provider key in the configuration, virtual
 * keys made through the admin API, {@code PARLEY_SECRET} and the master key, and near-misses of the keys (a client's
 * mistyped key may be a real secret sent to the wrong place). Traffic in all four protocols, healthy and failing
 * (upstream 400, 401 and 429 echoing the provider key, 500; invalid keys), and admin calls; then every log event of the
 * process (at DEBUG), every answer's body and headers, the audit export, the database's files and every request the
 * fake provider received are searched. Only two places may hold a secret: the answer that makes a key holds that
 * key, and the upstream request's own authorization header holds the provider key.
 */
class SecretCanaryTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String PROVIDER = "sk-canary-provider-" + random();
    private static final String MASTER = "pk-canary-master-" + random();
    /** Hex, as PARLEY_SECRET may be given; 32 bytes. */
    private static final String SECRET = random() + random();

    @RegisterExtension
    static final FakeProviderExtension FAKE = new FakeProviderExtension();

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> logs = new CopyOnWriteArrayList<>();
    /** Every answer, with what it may hold: the key it made, if any. */
    private final List<Seen> answers = new ArrayList<>();
    private Parley parley;

    private record Seen(String what, String text, String allowed) {
    }

    @Test
    void noPlantedSecretLeavesItsPlace() throws Exception {
        LogCapture capture = LogCapture.attach(logs);
        try {
            parley = Parley.start(ConfigLoader.parse(yaml(), Map.of()), Map.of("PARLEY_SECRET", SECRET));
            try {
                drive();
                parley.flushUsage();
            } finally {
                parley.close();
            }
        } finally {
            capture.detach();
        }
    }

    private void drive() throws Exception {
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
                altered(MASTER), altered(PROVIDER)));

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
        for (String path : List.of("/admin/audit", "/admin/audit/verify", "/admin/channels", "/admin/queue",
                "/admin/alerts", "/admin/teams", "/admin/members", "/admin/openapi.json")) {
            admin("GET", path, "");
        }
        String export = call("GET", "/admin/audit/export", MASTER, "").body();
        assertThat(export.lines().count()).as("the export has entries").isGreaterThan(5);
        assertThat(export).contains("auth.failure", "key.create", "key.rotate", "key.revoke");
        parley.flushUsage();

        check(secrets, created.path("key").asString(), rotated.path("key").asString());
    }

    private void check(List<String> secrets, String created, String rotated) throws Exception {
        List<String> leaks = new ArrayList<>();
        assertThat(logs).as("the log was captured").isNotEmpty();
        for (String line : logs) {
            find(secrets, "log: " + line, line, "", leaks);
        }
        for (Seen seen : answers) {
            find(secrets, seen.what(), seen.text(), seen.allowed(), leaks);
        }
        assertThat(answers.stream().filter(s -> s.text().contains(created)).count())
                .as("the key is shown once, by the answer that made it").isEqualTo(1);
        assertThat(answers.stream().filter(s -> s.text().contains(rotated)).count()).isEqualTo(1);
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                // Latin-1 maps every byte to one char, so that text stored in any page of the database is found.
                find(secrets, "file " + file.getFileName(), new String(Files.readAllBytes(file),
                        StandardCharsets.ISO_8859_1), "", leaks);
            }
        }
        List<RecordedRequest> upstream = FAKE.fake().requests();
        assertThat(upstream).as("the fake was called").hasSizeGreaterThan(10);
        for (RecordedRequest request : upstream) {
            assertThat(request.header("authorization")).as("the provider key in its own header")
                    .contains("Bearer " + PROVIDER);
            Map<String, List<String>> others = new LinkedHashMap<>(request.headers());
            others.remove("authorization");
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
                : secret.equals(SECRET) ? "PARLEY_SECRET" : "a key (" + secret.substring(0, 12) + "…)";
    }

    private HttpResponse<String> model(ClientWire wire, String key, boolean stream) throws Exception {
        String model = "gpt-test";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(parley.baseUrl() + wire.path(model, stream)))
                .POST(HttpRequest.BodyPublishers.ofString(wire.text(model, stream, "Hello")))
                .header("content-type", "application/json");
        wire.headers(key).forEach(request::header);
        return record(wire + (stream ? " stream" : ""), request.build(), "");
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

    /** Every log event of the process at DEBUG and above, with its arguments, MDC and stack trace. */
    private static final class LogCapture extends AppenderBase<ILoggingEvent> {
        private final List<String> lines;
        private final ch.qos.logback.classic.Logger root;
        /** The access log does not add to the root's appenders: it is captured on its own logger. */
        private final ch.qos.logback.classic.Logger access;
        private final Level level;

        private LogCapture(List<String> lines, ch.qos.logback.classic.Logger root, ch.qos.logback.classic.Logger access) {
            this.lines = lines;
            this.root = root;
            this.access = access;
            this.level = root.getLevel();
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
            lines.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage() + " "
                    + Arrays.toString(event.getArgumentArray()) + " " + event.getMDCPropertyMap() + " "
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy())));
        }
    }
}
