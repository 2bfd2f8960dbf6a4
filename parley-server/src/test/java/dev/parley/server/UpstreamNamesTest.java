package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.auth.KeyHasher;
import dev.parley.core.auth.KeyRing;
import dev.parley.core.auth.ModelAccess;
import dev.parley.core.auth.VirtualKey;
import dev.parley.core.config.ConfigLoader;
import dev.parley.core.config.KeyConfig;
import dev.parley.core.config.ParleyConfig;
import dev.parley.core.config.ProviderConfig;
import dev.parley.core.config.TimeoutOverrides;
import dev.parley.core.config.Timeouts;
import dev.parley.core.routing.Router;
import dev.parley.testkit.FakeProvider;
import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.RecordedRequest;
import io.vertx.core.Vertx;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provider host names checked when Parley connects, over real sockets: the server's resolver maps test names to
 * addresses, a fake provider listens on 127.0.0.1, and a name that resolves to a cloud metadata address is refused
 * before any connection, unless its provider has {@code allow_link_local}.
 */
class UpstreamNamesTest {

    private static final String KEY = "pk-test-0123456789abcdef";
    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");
    private static final InetAddress METADATA = InetAddress.ofLiteral("169.254.169.254");
    private static final Map<String, List<InetAddress>> NAMES = Map.of(
            "fake.test", List.of(LOOPBACK),
            "metadata.test", List.of(METADATA),
            // The loopback address first: a provider allowed link-local addresses connects to it and is answered.
            "both.test", List.of(LOOPBACK, METADATA));

    @RegisterExtension
    static final FakeProviderExtension FAKE = new FakeProviderExtension();

    /** A provider over TLS whose certificate names only {@code fake.test}: no IP address is in it. */
    private static FakeProvider tlsFake;
    private static Path tlsCertificate;

    @TempDir
    Path dataDir;
    private final Map<String, Integer> lookups = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ParleyConfig config;
    private GatewayServer server;

    @BeforeAll
    static void startTlsProvider(@TempDir Path certificates) throws Exception {
        tlsCertificate = certificates.resolve("fake-test.pem");
        Path key = certificates.resolve("fake-test.key");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj", "/CN=fake.test",
                "-addext", "subjectAltName=DNS:fake.test", "-keyout", key.toString(), "-out", tlsCertificate.toString())
                .redirectErrorStream(true).start();
        openssl.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertThat(openssl.waitFor()).as("openssl's exit status").isZero();
        tlsFake = new FakeProvider().withTls(tlsCertificate, key).start();
    }

    @AfterAll
    static void stopTlsProvider() {
        tlsFake.close();
    }

    @BeforeEach
    void start() {
        config = ConfigLoader.parse(yaml(), Map.of());
        KeyRing.Builder ring = KeyRing.builder(new KeyHasher(new byte[32]));
        for (KeyConfig key : config.keys()) {
            ring.add(key.key().value(), new VirtualKey(key.name(), new ModelAccess(key.models())));
        }
        server = GatewayServer.start(new ServerServices(config, ring.build(), new Router(config), row -> { }),
                this::resolve);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<InetAddress> resolve(String host) throws UnknownHostException {
        lookups.merge(host, 1, Integer::sum);
        List<InetAddress> addresses = NAMES.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        return addresses;
    }

    private String yaml() {
        int port = FAKE.fake().port();
        return """
                server: {host: 127.0.0.1, port: 0, data_dir: "%s"}
                retries: {max_attempts: 2}
                providers:
                  - {name: local, type: openai-compatible, base_url: "http://fake.test:%d/v1", keys: [sk-local-0123456789]}
                  - {name: meta, type: openai-compatible, base_url: "http://metadata.test:%d/v1", keys: [sk-meta-0123456789]}
                  - {name: both, type: openai-compatible, base_url: "http://both.test:%d/v1", keys: [sk-both-0123456789]}
                  - name: both-allowed
                    type: openai-compatible
                    base_url: "http://both.test:%d/v1"
                    keys: [sk-allowed-0123456789]
                    allow_link_local: true
                  - name: tls
                    type: openai-compatible
                    base_url: "https://fake.test:%d/v1"
                    keys: [sk-tls-0123456789]
                    tls: {ca_file: "%s"}
                models:
                  - {name: local, routes: [{provider: local, model: m}]}
                  - {name: meta, routes: [{provider: meta, model: m}]}
                  - {name: both, routes: [{provider: both, model: m}]}
                  - {name: both-allowed, routes: [{provider: both-allowed, model: m}]}
                  - {name: tls, routes: [{provider: tls, model: m}]}
                  - {name: failover, routes: [{provider: meta, model: m, priority: 1}, {provider: local, model: m, priority: 2}]}
                keys:
                  - {name: ci, key: "%s"}
                """.formatted(dataDir, port, port, port, port, tlsFake.port(), tlsCertificate, KEY);
    }

    private HttpResponse<String> chat(String model) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + KEY)
                .header("content-type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model": "%s", "messages": [{"role": "user", "content": "hi"}]}""".formatted(model),
                        StandardCharsets.UTF_8))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aNameThatResolvesToAMetadataAddressIsRefusedBeforeConnecting() throws Exception {
        HttpResponse<String> response = chat("meta");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("upstream address of provider 'meta' is not allowed")
                .doesNotContain("169.254").doesNotContain("metadata.test").doesNotContain("sk-meta");
        assertThat(FAKE.fake().requests()).isEmpty();
    }

    @Test
    void oneForbiddenAddressAmongSeveralRefusesTheName() throws Exception {
        HttpResponse<String> response = chat("both");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("not allowed");
        assertThat(FAKE.fake().requests()).isEmpty();
    }

    @Test
    void aProviderThatAllowsLinkLocalAddressesIsCalled() throws Exception {
        HttpResponse<String> response = chat("both-allowed");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(FAKE.fake().requests()).hasSize(1);
    }

    @Test
    void aNameThatResolvesToLoopbackIsCalledWithItsOwnHostHeader() throws Exception {
        HttpResponse<String> first = chat("local");
        HttpResponse<String> second = chat("local");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        RecordedRequest request = FAKE.fake().lastRequest();
        assertThat(request.header("host")).contains("fake.test:" + FAKE.fake().port());
        assertThat(request.header("authorization")).contains("Bearer sk-local-0123456789");
        // Kept for a while: the second request did not resolve the name again.
        assertThat(lookups).containsEntry("fake.test", 1);
    }

    @Test
    void aRefusedAddressFailsOverLikeAnUnreachableProvider() throws Exception {
        HttpResponse<String> response = chat("failover");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(FAKE.fake().requests()).singleElement()
                .satisfies(r -> assertThat(r.header("host")).contains("fake.test:" + FAKE.fake().port()));
    }

    @Test
    void overTlsTheCheckedAddressIsDialledButTheCertificateIsVerifiedForTheName() throws Exception {
        // The certificate names fake.test only: verified against the address dialled, it would be refused.
        HttpResponse<String> response = chat("tls");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(tlsFake.requests()).singleElement()
                .satisfies(r -> assertThat(r.header("host")).contains("fake.test:" + tlsFake.port()));
    }

    @Test
    void theModelListOfAHealthCheckIsRefusedToo() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            UpstreamClients clients = new UpstreamClients(vertx, UpstreamTrust.load(config.providers()),
                    this::resolve);
            ProviderConfig meta = config.provider("meta").orElseThrow();
            Timeouts timeouts = Timeouts.resolve(config.timeouts(), meta.timeouts(), TimeoutOverrides.NONE);

            Throwable refused = clients.request(meta, UpstreamClients.modelList(meta, timeouts, Optional.empty()))
                    .toCompletionStage().toCompletableFuture().handle((request, error) -> error)
                    .get(30, TimeUnit.SECONDS);

            assertThat(refused).isInstanceOf(UpstreamTargets.AddressNotAllowed.class);
            assertThat(FAKE.fake().requests()).isEmpty();
        } finally {
            vertx.close().await();
        }
    }
}
