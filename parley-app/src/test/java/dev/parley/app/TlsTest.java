package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.parley.core.config.ConfigLoader;
import dev.parley.testkit.FakeProvider;
import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.Reply;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * HTTPS with a test authority made at run time: Parley serving HTTP/1.1 and HTTP/2 by ALPN, TLS 1.2 and 1.3 only,
 * a renewed certificate taken without a restart and a broken one refused; provider certificates always verified
 * (a private authority by {@code tls.ca_file}; an expired, wrong-host or unknown one refused); and the admin
 * listener split from the model endpoints.
 */
class TlsTest {

    private static final String MASTER = "mk-tls-test-0123456789abcdef";
    private static final String HELLO = """
            {"model":"gpt-test","messages":[{"role":"user","content":"hi"}]}""";
    private static final String HELLO_STREAM = """
            {"model":"gpt-test","stream":true,"messages":[{"role":"user","content":"hi"}]}""";

    @RegisterExtension
    static final FakeProviderExtension UPSTREAM = new FakeProviderExtension();

    @TempDir
    static Path dir;

    static TestCa ca;
    static TestCa.Leaf served;
    static TestParley parley;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCa.create(dir, "parley");
        served = ca.localhost("served");
        Path data = Files.createDirectories(dir.resolve("data"));
        parley = TestParley.start(TestParley.yaml(UPSTREAM.fake().baseUrl(), data,
                ", max_body_bytes: 64KiB" + tls(served)), data);
    }

    @AfterAll
    static void stop() {
        if (parley != null) {
            parley.close();
        }
    }

    private static String tls(TestCa.Leaf leaf) {
        return ", tls: {cert: \"%s\", key: \"%s\", reload_check: 100ms}".formatted(leaf.cert(), leaf.key());
    }

    private static HttpClient client(HttpClient.Version version) {
        return HttpClient.newBuilder().version(version).sslContext(ca.clientContext())
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aClientTrustingTheAuthorityIsAnsweredOverHttps(HttpClient.Version version) throws Exception {
        UPSTREAM.enqueue(Reply.text("over tls"));
        assertThat(parley.parley.baseUrl()).startsWith("https://127.0.0.1:");

        HttpResponse<String> response = client(version).send(post(parley.parley.baseUrl(), HELLO),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(version);
        assertThat(response.body()).contains("over tls");
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aStreamedAnswerArrivesEventByEventOverHttps(HttpClient.Version version) throws Exception {
        UPSTREAM.enqueue(Reply.text("one two three").withTextChunks(3).withChunkDelay(Duration.ofMillis(400)));
        long servedBefore = UPSTREAM.fake().servedCount();

        List<String> events = eventsOneByOne(client(version), post(parley.parley.baseUrl(), HELLO_STREAM), version,
                servedBefore);

        assertThat(events.getFirst()).contains("chat.completion.chunk");
        assertThat(events).last().isEqualTo("[DONE]");
        assertThat(String.join("", events)).contains("one").contains("three");
    }

    /**
     * The data of a streamed answer's events, checking that the first one is read while the provider is still
     * sending the rest (so it was not held back) and that the answer came over {@code version}.
     */
    private static List<String> eventsOneByOne(HttpClient http, HttpRequest request, HttpClient.Version version,
                                               long servedBefore) throws Exception {
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.version()).isEqualTo(version);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            List<String> events = new ArrayList<>();
            events.add(nextData(reader));
            assertThat(UPSTREAM.fake().servedCount()).isEqualTo(servedBefore);
            String line;
            while ((line = nextData(reader)) != null) {
                events.add(line);
            }
            return events;
        }
    }

    @Test
    void aTranslatedStreamArrivesEventByEventOverHttp2() throws Exception {
        UPSTREAM.enqueue(Reply.text("one two three").withTextChunks(3).withChunkDelay(Duration.ofMillis(400)));
        long servedBefore = UPSTREAM.fake().servedCount();
        HttpRequest messages = HttpRequest.newBuilder(URI.create(parley.parley.baseUrl() + "/v1/messages"))
                .header("x-api-key", TestParley.KEY).header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model":"gpt-test","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"hi"}]}"""))
                .build();

        List<String> events = eventsOneByOne(client(HttpClient.Version.HTTP_2), messages, HttpClient.Version.HTTP_2,
                servedBefore);

        assertThat(events.getFirst()).contains("message_start");
        assertThat(events).last().asString().contains("message_stop");
        assertThat(String.join("", events)).contains("one").contains("three");
    }

    @Test
    void aBodyTooLargeOverHttp2IsAProper413AndTheClientGoesOn() throws Exception {
        HttpClient http = client(HttpClient.Version.HTTP_2);
        String large = HELLO.replace("\"hi\"", "\"" + "x".repeat(100_000) + "\"");

        HttpResponse<String> refused = http.send(post(parley.parley.baseUrl(), large), HttpResponse.BodyHandlers.ofString());
        UPSTREAM.enqueue(Reply.text("still here"));
        HttpResponse<String> next = http.send(post(parley.parley.baseUrl(), HELLO), HttpResponse.BodyHandlers.ofString());

        assertThat(refused.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.headers().firstValue("connection")).isEmpty();
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.body()).contains("still here");
    }

    @Test
    void anHttp2ClientThatResetsItsStreamCancelsTheUpstreamCall() throws Exception {
        UPSTREAM.enqueue(Reply.text("w ".repeat(40)).withTextChunks(40).withChunkDelay(Duration.ofMillis(100)));
        int hangUps = UPSTREAM.fake().clientHangUps().size();

        HttpResponse<InputStream> response = client(HttpClient.Version.HTTP_2).send(
                post(parley.parley.baseUrl(), HELLO_STREAM), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        assertThat(nextData(reader)).contains("chat.completion.chunk");
        reader.close();

        UPSTREAM.fake().awaitClientHangUps(hangUps + 1, Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> parley.parley.inFlight() == 0);
    }

    @Test
    void onlyTls12And13WithForwardSecretCiphersAreSpoken() {
        String port = Integer.toString(parley.parley.port());
        String target = "127.0.0.1:" + port;

        assertThat(handshake("-tls1_3", "-connect", target).exitCode()).isZero();
        assertThat(handshake("-tls1_2", "-connect", target).exitCode()).isZero();
        assertThat(TestCa.run(dir, "s_client", "-CAfile", ca.cert.toString(), "-alpn", "h2,http/1.1", "-connect", target)
                .output()).contains("ALPN protocol: h2");
        // The client offers TLS 1.1 only (its own floor lowered for the test): Parley refuses the handshake.
        assertThat(handshake("-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0", "-connect", target).exitCode()).isNotZero();
        // TLS 1.2 without ECDHE and AES-GCM or ChaCha20: refused.
        assertThat(handshake("-tls1_2", "-cipher", "AES128-SHA:AES256-SHA256", "-connect", target).exitCode())
                .isNotZero();
    }

    @Test
    void anRsaCertificateIsServedToo() throws Exception {
        TestCa.Leaf rsa = ca.rsaLocalhost("served-rsa");
        Path data = Files.createDirectories(dir.resolve("rsa"));
        try (TestParley withRsa = TestParley.start(TestParley.yaml(UPSTREAM.fake().baseUrl(), data, tls(rsa)), data)) {
            String target = "127.0.0.1:" + withRsa.parley.port();

            assertThat(servedSerial(withRsa.parley.port())).isEqualTo(rsa.serial());
            TestCa.Run tls12 = handshake("-tls1_2", "-connect", target);
            assertThat(tls12.exitCode()).isZero();
            assertThat(tls12.output()).contains("ECDHE-RSA-");
        }
    }

    private static TestCa.Run handshake(String... arguments) {
        List<String> all = new ArrayList<>(List.of("s_client", "-brief", "-CAfile", ca.cert.toString()));
        all.addAll(List.of(arguments));
        return TestCa.run(dir, all.toArray(String[]::new));
    }

    @Test
    void aRenewedCertificateIsServedWithoutARestartAndABrokenOneIsRefused() throws Exception {
        TestCa.Leaf first = ca.localhost("renewed-first");
        Path data = Files.createDirectories(dir.resolve("renewal"));
        List<String> warnings = new CopyOnWriteArrayList<>();
        Capture capture = Capture.attach("dev.parley.server.ListenerTls", warnings);
        try (TestParley renewing = TestParley.start(TestParley.yaml(UPSTREAM.fake().baseUrl(), data, tls(first)), data)) {
            int port = renewing.parley.port();
            assertThat(servedSerial(port)).isEqualTo(first.serial());

            TestCa.Leaf second = ca.localhost("renewed-second");
            TestCa.install(second, first);
            await().atMost(Duration.ofSeconds(20)).until(() -> servedSerial(port).equals(second.serial()));
            UPSTREAM.enqueue(Reply.text("after renewal"));
            assertThat(client(HttpClient.Version.HTTP_2).send(post(renewing.parley.baseUrl(), HELLO),
                    HttpResponse.BodyHandlers.ofString()).body()).contains("after renewal");
            warnings.clear();

            // A key that belongs to another certificate: refused with a warning, the served pair stays.
            TestCa.Leaf other = ca.localhost("renewed-other");
            Files.copy(other.key(), first.key(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            await().atMost(Duration.ofSeconds(20)).until(() -> warnings.stream()
                    .anyMatch(w -> w.contains("server.tls.key") && w.contains("does not belong")));
            assertThat(servedSerial(port)).isEqualTo(second.serial());
            assertThat(warnings).hasSize(1).allSatisfy(w -> assertThat(w).startsWith("WARN"));

            // The watch goes on: a good pair after a broken one is taken.
            TestCa.install(other, first);
            await().atMost(Duration.ofSeconds(20)).until(() -> servedSerial(port).equals(other.serial()));
        } finally {
            capture.detach();
        }
    }

    /** The serial of the certificate a new connection to {@code port} is given. */
    private static BigInteger servedSerial(int port) throws Exception {
        SSLContext context = ca.clientContext();
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    @Test
    void aCertificateOrKeyThatCannotBeUsedStopsStartUpNamingItsKey() throws Exception {
        TestCa.Leaf one = ca.localhost("startup-one");
        TestCa.Leaf two = ca.localhost("startup-two");
        Path data = Files.createDirectories(dir.resolve("startup"));
        String base = UPSTREAM.fake().baseUrl();
        Path missing = dir.resolve("missing.pem");
        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> TestParley.start(TestParley.yaml(base, data,
                tls(new TestCa.Leaf(missing, one.key(), one.serial()))), data))
                .hasMessageContaining("server.tls.cert").hasMessageContaining("no such file");
        assertThatThrownBy(() -> TestParley.start(TestParley.yaml(base, data,
                tls(new TestCa.Leaf(garbage, one.key(), one.serial()))), data))
                .hasMessageContaining("server.tls.cert");
        assertThatThrownBy(() -> TestParley.start(TestParley.yaml(base, data,
                tls(new TestCa.Leaf(one.cert(), two.key(), one.serial()))), data))
                .hasMessageContaining("server.tls.key").hasMessageContaining("does not belong");
        assertThatThrownBy(() -> TestParley.start(TestParley.yaml(base, data,
                tls(new TestCa.Leaf(one.cert(), one.cert(), one.serial()))), data))
                .hasMessageContaining("server.tls.key");
    }

    @Test
    void providerCertificatesAreVerifiedAgainstTheirAuthorityAndHostName() throws Exception {
        TestCa upstreamCa = TestCa.create(dir, "upstream");
        try (FakeProvider good = tlsFake(upstreamCa.localhost("upstream-good"));
             FakeProvider expired = tlsFake(upstreamCa.leaf("upstream-expired", "DNS:localhost,IP:127.0.0.1", -1));
             FakeProvider wrongHost = tlsFake(upstreamCa.leaf("upstream-wrong-host", "DNS:llm.example.com", 30));
             FakeProvider unknown = tlsFake(upstreamCa.localhost("upstream-unknown"))) {
            Path data = Files.createDirectories(dir.resolve("upstream"));
            String yaml = """
                    server: {host: 127.0.0.1, port: 0, data_dir: "%s", shutdown_grace: 10s}
                    master_key: "%s"
                    retries: {max_attempts: 1}
                    providers:
                      - {name: good, type: openai-compatible, base_url: "%s/v1", key: "${UPSTREAM_KEY}",
                         tls: {ca_file: "%s"}}
                      - {name: expired, type: openai-compatible, base_url: "%s/v1", key: "${UPSTREAM_KEY}",
                         tls: {ca_file: "%s"}}
                      - {name: wrong-host, type: openai-compatible, base_url: "%s/v1", key: "${UPSTREAM_KEY}",
                         tls: {ca_file: "%s"}}
                      - {name: unknown, type: openai-compatible, base_url: "%s/v1", key: "${UPSTREAM_KEY}"}
                    models:
                      - {name: good, routes: [{provider: good, model: m}]}
                      - {name: expired, routes: [{provider: expired, model: m}]}
                      - {name: wrong-host, routes: [{provider: wrong-host, model: m}]}
                      - {name: unknown, routes: [{provider: unknown, model: m}]}
                    keys:
                      - {name: ci, key: "%s"}
                    """.formatted(data, MASTER, good.baseUrl(), upstreamCa.cert, expired.baseUrl(), upstreamCa.cert,
                    wrongHost.baseUrl(), upstreamCa.cert, unknown.baseUrl(), TestParley.KEY);
            try (TestParley front = TestParley.start(yaml, data)) {
                HttpResponse<String> ok = front.post("/v1/chat/completions", TestParley.KEY, hello("good"));
                assertThat(ok.statusCode()).isEqualTo(200);
                assertThat(good.requests()).hasSize(1);

                for (String refused : List.of("expired", "wrong-host", "unknown")) {
                    HttpResponse<String> answer = front.post("/v1/chat/completions", TestParley.KEY, hello(refused));
                    assertThat(answer.statusCode()).as(refused).isEqualTo(502);
                    assertThat(answer.body()).as(refused)
                            .contains("The TLS certificate of provider '" + refused + "' could not be verified.")
                            .doesNotContain(TestParley.PROVIDER_KEY);
                }
                assertThat(expired.requests()).isEmpty();
                assertThat(wrongHost.requests()).isEmpty();
                assertThat(unknown.requests()).isEmpty();
                // Each counts against its channel as a failed connection.
                String metrics = front.get("/metrics", MASTER).body();
                for (String refused : List.of("expired", "wrong-host", "unknown")) {
                    assertThat(metrics.lines().filter(l -> l.startsWith("parley_upstream_attempts_total")
                            && l.contains("provider=\"" + refused + "\"") && l.contains("outcome=\"connection_failed\"")))
                            .as(refused).singleElement().satisfies(l -> assertThat(l).endsWith(" 1.0"));
                }
            }
        }
    }

    @Test
    void aMissingCaBundleStopsStartUpNamingItsKey() throws Exception {
        Path data = Files.createDirectories(dir.resolve("bundle"));
        String yaml = """
                server: {host: 127.0.0.1, port: 0, data_dir: "%s"}
                providers:
                  - {name: p, type: openai-compatible, base_url: "https://127.0.0.1:1/v1", tls: {ca_file: "%s"}}
                """.formatted(data, dir.resolve("no-such-ca.pem"));

        assertThatThrownBy(() -> TestParley.start(yaml, data)).hasMessageContaining("providers[0].tls.ca_file")
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> ConfigLoader.parse(yaml.replace("tls: {", "tls: {insecure: true, "), Map.of()))
                .hasMessageContaining("providers[0].tls.insecure").hasMessageContaining("cannot be switched off");
    }

    @Test
    void theAdminListenerServesTheAdminApiAndMetricsAndNothingElse() throws Exception {
        Path data = Files.createDirectories(dir.resolve("admin"));
        TestCa.Leaf adminLeaf = ca.localhost("admin");
        String yaml = TestParley.yaml(UPSTREAM.fake().baseUrl(), data,
                ", admin: {host: 127.0.0.1, port: 0%s}".formatted(tls(adminLeaf)))
                + "master_key: \"" + MASTER + "\"\n";
        try (TestParley split = TestParley.start(yaml, data)) {
            String models = split.parley.baseUrl();
            String admin = split.parley.adminBaseUrl().orElseThrow();
            assertThat(models).startsWith("http://");
            assertThat(admin).startsWith("https://").isNotEqualTo(models);
            HttpClient http = client(HttpClient.Version.HTTP_1_1);

            for (String path : List.of("/admin/teams", "/admin/metrics", "/metrics", "/admin/openapi.json", "/ui")) {
                assertThat(get(http, models + path).statusCode()).as("public " + path).isEqualTo(404);
            }
            assertThat(get(http, admin + "/admin/teams").statusCode()).isEqualTo(200);
            assertThat(get(http, admin + "/metrics").body()).contains("parley_requests_in_flight_requests");
            assertThat(get(http, admin + "/admin/openapi.json").statusCode()).isEqualTo(200);

            UPSTREAM.enqueue(Reply.text("public side"));
            assertThat(http.send(post(models, HELLO), HttpResponse.BodyHandlers.ofString()).body()).contains("public side");
            for (String path : List.of("/v1/chat/completions", "/v1/models", "/v1beta/models", "/")) {
                assertThat(http.send(HttpRequest.newBuilder(URI.create(admin + path))
                        .header("authorization", "Bearer " + TestParley.KEY).timeout(Duration.ofSeconds(30))
                        .method(path.equals("/v1/chat/completions") ? "POST" : "GET",
                                HttpRequest.BodyPublishers.ofString(path.equals("/v1/chat/completions") ? HELLO : ""))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).as("admin " + path).isEqualTo(404);
            }
            assertThat(get(http, admin + "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(http, models + "/healthz").statusCode()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("authorization", "Bearer " + MASTER)
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static FakeProvider tlsFake(TestCa.Leaf leaf) {
        return new FakeProvider().withTls(leaf.cert(), leaf.key()).start();
    }

    private static String hello(String model) {
        return HELLO.replace("gpt-test", model);
    }

    private static HttpRequest post(String baseUrl, String body) {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
                .header("authorization", "Bearer " + TestParley.KEY).header("content-type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String nextData(BufferedReader reader) throws Exception {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("data: ")) {
                return line.substring("data: ".length());
            }
        }
        return null;
    }

    /** The events of one logger, as {@code LEVEL message}. */
    private static final class Capture extends AppenderBase<ILoggingEvent> {
        private final Logger logger;
        private final List<String> lines;

        private Capture(Logger logger, List<String> lines) {
            this.logger = logger;
            this.lines = lines;
        }

        static Capture attach(String name, List<String> lines) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            Capture capture = new Capture(logger, lines);
            capture.setContext(logger.getLoggerContext());
            capture.start();
            logger.addAppender(capture);
            logger.setLevel(Level.INFO);
            return capture;
        }

        void detach() {
            logger.detachAppender(this);
            stop();
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
                lines.add(event.getLevel() + " " + event.getFormattedMessage());
            }
        }
    }
}
