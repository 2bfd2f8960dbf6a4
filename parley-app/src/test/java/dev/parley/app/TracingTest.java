package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.parley.testkit.FakeProviderExtension;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces reach an OTLP collector when the standard OTEL_ variables name one, and only then: a local collector over
 * a real socket receives the spans of a request (its server span a child of the client's {@code traceparent}, one
 * span per upstream attempt with the GenAI attributes), and never a key or what was said.
 */
class TracingTest {

    @RegisterExtension
    static final FakeProviderExtension UPSTREAM = new FakeProviderExtension();

    @TempDir
    Path dataDir;

    private HttpServer collector;
    private final List<byte[]> exports = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    private static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
    private static final String QUESTION = "Which lighthouse is nearest?";

    @BeforeEach
    void collect() throws Exception {
        collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            exports.add(exchange.getRequestBody().readAllBytes());
            exchange.getResponseHeaders().add("content-type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
    }

    @AfterEach
    void stop() {
        collector.stop(0);
    }

    private HttpResponse<String> ask(TestParley parley) throws Exception {
        return parley.send("POST", "/v1/chat/completions", Map.of("authorization", "Bearer " + TestParley.KEY,
                "traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01"),
                "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION + "\"}]}");
    }

    @Test
    void aRequestsSpansReachTheCollectorWithTheGenAiAttributes() throws Exception {
        String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort();
        try (TestParley parley = TestParley.start(TestParley.yaml(UPSTREAM.baseUrl(), dataDir, ""), dataDir,
                Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint, "OTEL_BSP_SCHEDULE_DELAY", "50"))) {
            assertThat(ask(parley).statusCode()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(20)).until(() -> !exports.isEmpty());
        }
        assertThat(paths).allMatch("/v1/traces"::equals);
        // OTLP is protobuf: its strings travel as UTF-8 bytes, its trace id as 16 raw bytes.
        String spans = new String(String.join("", exports.stream().map(b -> new String(b, StandardCharsets.ISO_8859_1))
                .toList()).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
        assertThat(spans).contains("gen_ai.operation.name", "chat", "gen_ai.provider.name", "gen_ai.request.model",
                "upstream-model", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "POST /v1/chat/completions",
                "chat upstream-model", "parley.request_id", "parley");
        assertThat(spans).contains(new String(HexFormat.of().parseHex(TRACE_ID), StandardCharsets.ISO_8859_1));
        assertThat(spans).doesNotContain(TestParley.KEY, TestParley.PROVIDER_KEY, QUESTION, "lighthouse");
    }

    @Test
    void aProtocolParleyCannotSendStopsStartUpNamingTheOneItCan() {
        assertThatThrownBy(() -> TestParley.start(TestParley.yaml(UPSTREAM.baseUrl(), dataDir, ""), dataDir,
                Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")))
                .isInstanceOf(StartupException.class).hasMessageContaining("http/protobuf");
    }

    @Test
    void withoutTheVariablesNothingIsExported() throws Exception {
        try (TestParley parley = TestParley.start(TestParley.yaml(UPSTREAM.baseUrl(), dataDir, ""), dataDir)) {
            assertThat(ask(parley).statusCode()).isEqualTo(200);
        }
        // Closing Parley flushed whatever an exporter would have held: there was none.
        assertThat(exports).isEmpty();
    }
}
