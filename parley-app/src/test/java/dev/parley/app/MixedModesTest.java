package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Providers that answer in the other mode than asked (some OpenAI-compatible servers ignore {@code stream}):
 * a streaming client is served from a whole answer, and a non-streaming client from a stream. The provider here
 * is a bare HTTP server on a random port that always answers in one mode.
 */
class MixedModesTest {

    private static final String WHOLE = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,\
            "message":{"role":"assistant","content":"Whole answer."},"finish_reason":"stop"}],\
            "usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}""";
    private static final String STREAM = """
            data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Streamed "}}]}

            data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"answer."},"finish_reason":"stop"}]}

            data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}

            data: [DONE]

            """;

    @TempDir
    static Path dataDir;

    static HttpServer provider;
    static TestParley parley;
    static final AtomicReference<String> MODE = new AtomicReference<>("whole");

    @BeforeAll
    static void start() throws Exception {
        provider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        provider.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean whole = MODE.get().equals("whole");
            byte[] body = (whole ? WHOLE : STREAM).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", whole ? "application/json" : "text/event-stream");
            exchange.getResponseHeaders().add("x-ratelimit-limit-requests", "100");
            exchange.getResponseHeaders().add("x-ratelimit-remaining-requests", "42");
            exchange.getResponseHeaders().add("set-cookie", "provider-session=abc");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        provider.start();
        parley = TestParley.inFrontOf("http://127.0.0.1:" + provider.getAddress().getPort(), dataDir);
    }

    @AfterAll
    static void stop() {
        parley.close();
        provider.stop(0);
    }

    @Test
    void aStreamingClientIsServedFromAWholeAnswer() throws Exception {
        MODE.set("whole");
        HttpResponse<String> response = parley.send("POST", "/v1/messages", ClientWire.ANTHROPIC.headers(TestParley.KEY),
                ClientWire.ANTHROPIC.text("gpt-test", true, "Hi"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        ClientWire.Answer answer = ClientWire.ANTHROPIC.read(response.body(), true);
        assertThat(answer.text()).isEqualTo("Whole answer.");
        assertThat(answer.cleanEnd()).isTrue();
        assertThat(answer.finish()).isEqualTo("end_turn");
        // Rate-limit state under the provider's names and the client vendor's; nothing else of the provider's.
        assertThat(response.headers().firstValue("x-ratelimit-remaining-requests")).contains("42");
        assertThat(response.headers().firstValue("anthropic-ratelimit-requests-remaining")).contains("42");
        assertThat(response.headers().firstValue("anthropic-ratelimit-requests-limit")).contains("100");
        assertThat(response.headers().firstValue("set-cookie")).isEmpty();
    }

    @Test
    void aNonStreamingClientIsServedFromAStream() throws Exception {
        MODE.set("stream");
        HttpResponse<String> response = parley.send("POST", "/v1beta/models/gpt-test:generateContent",
                ClientWire.GEMINI.headers(TestParley.KEY), ClientWire.GEMINI.text("gpt-test", false, "Hi"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        ClientWire.Answer answer = ClientWire.GEMINI.read(response.body(), false);
        assertThat(answer.text()).isEqualTo("Streamed answer.");
        assertThat(answer.finish()).isEqualTo("STOP");
        assertThat(ClientWire.JSON.readTree(response.body()).at("/usageMetadata/promptTokenCount").asInt()).isEqualTo(9);
    }
}
