package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The limits of {@code server.limits} thrown at a running Parley in every client protocol: too deep, too many
 * messages, tools, parts or headers, headers too large, and clients that send their headers or body too slowly.
 * Each is refused in the client's protocol (or the connection closed, for a client that never sends a request),
 * none reaches the provider, and Parley keeps serving.
 */
class HostileInputTest {

    @RegisterExtension
    static final FakeProviderExtension UPSTREAM = new FakeProviderExtension();

    @TempDir
    static Path dataDir;

    static TestParley parley;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        parley = TestParley.start(TestParley.yaml(UPSTREAM.baseUrl(), dataDir, ", limits: {max_headers: 20,"
                + " max_header_bytes: 4KiB, max_json_depth: 16, max_messages: 5, max_tools: 3, max_parts: 40,"
                + " body_timeout: 500ms, keep_alive_timeout: 300ms, header_timeout: 400ms}"), dataDir);
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    /** Each client protocol: its path, its key header and a request around a conversation and tools. */
    enum Client {
        CHAT("/v1/chat/completions", "messages", false),
        RESPONSES("/v1/responses", "input", false),
        ANTHROPIC("/v1/messages", "messages", false),
        GEMINI("/v1beta/models/gpt-test:generateContent", "contents", true);

        final String path;
        final String conversation;
        final boolean gemini;

        Client(String path, String conversation, boolean gemini) {
            this.path = path;
            this.conversation = conversation;
            this.gemini = gemini;
        }

        String message(String text) {
            return gemini ? "{\"role\":\"user\",\"parts\":[{\"text\":\"" + text + "\"}]}"
                    : "{\"role\":\"user\",\"content\":\"" + text + "\"}";
        }

        String tools(int count) {
            String each = IntStream.range(0, count).mapToObj(i -> switch (this) {
                case CHAT -> "{\"type\":\"function\",\"function\":{\"name\":\"t" + i + "\",\"parameters\":{}}}";
                case RESPONSES -> "{\"type\":\"function\",\"name\":\"t" + i + "\",\"parameters\":{}}";
                case ANTHROPIC -> "{\"name\":\"t" + i + "\",\"input_schema\":{\"type\":\"object\"}}";
                case GEMINI -> "{\"name\":\"t" + i + "\"}";
            }).collect(Collectors.joining(","));
            return gemini ? "[{\"functionDeclarations\":[" + each + "]}]" : "[" + each + "]";
        }

        String body(int messages, int tools, String extra) {
            String turns = IntStream.range(0, messages).mapToObj(i -> message("hi " + i))
                    .collect(Collectors.joining(","));
            return "{" + (gemini ? "" : "\"model\":\"gpt-test\",\"max_tokens\":10,") + "\"" + conversation + "\":["
                    + turns + "]" + (tools > 0 ? ",\"tools\":" + tools(tools) : "") + extra + "}";
        }

        HttpResponse<String> send(String body) throws Exception {
            return send(body, Map.of());
        }

        HttpResponse<String> send(String body, Map<String, String> more) throws Exception {
            Map<String, String> headers = new HashMap<>(more);
            switch (this) {
                case ANTHROPIC -> {
                    headers.put("x-api-key", TestParley.KEY);
                    headers.put("anthropic-version", "2023-06-01");
                }
                case GEMINI -> headers.put("x-goog-api-key", TestParley.KEY);
                case CHAT, RESPONSES -> headers.put("authorization", "Bearer " + TestParley.KEY);
            }
            return parley.send("POST", path, headers, body);
        }

        /** The error's message, after checking the answer is this protocol's error shape. */
        String error(HttpResponse<String> answer) {
            JsonNode body = JSON.readTree(answer.body());
            assertThat(answer.headers().firstValue("x-parley-request-id")).isPresent();
            return switch (this) {
                case CHAT, RESPONSES -> body.at("/error/message").asString();
                case ANTHROPIC -> {
                    assertThat(body.path("type").asString()).isEqualTo("error");
                    yield body.at("/error/message").asString();
                }
                case GEMINI -> {
                    assertThat(body.at("/error/code").asInt()).isEqualTo(answer.statusCode());
                    yield body.at("/error/message").asString();
                }
            };
        }

        int tooLarge() {
            return gemini ? 400 : 413;
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void jsonNestedTooDeeplyIsRefused(Client client) throws Exception {
        String deep = "[".repeat(20) + "]".repeat(20);
        HttpResponse<String> answer = client.send(client.body(1, 0, ",\"metadata\":{\"x\":" + deep + "}"));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(client.error(answer)).contains("nests deeper than 16 levels");
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void tooManyMessagesAreRefusedNamingTheLimit(Client client) throws Exception {
        assertThat(client.send(client.body(5, 0, "")).statusCode()).isNotIn(400, 413);

        HttpResponse<String> answer = client.send(client.body(6, 0, ""));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(client.tooLarge());
        assertThat(client.error(answer)).contains("'" + client.conversation + "' has 6 entries")
                .contains("server.limits.max_messages");
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void tooManyToolsAreRefused(Client client) throws Exception {
        HttpResponse<String> answer = client.send(client.body(1, 4, ""));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(client.tooLarge());
        assertThat(client.error(answer)).contains("'tools' has 4 tools").contains("server.limits.max_tools");
    }

    @Test
    void tooManyPartsAreRefused() throws Exception {
        String parts = IntStream.range(0, 45).mapToObj(i -> "{\"type\":\"text\",\"text\":\"p\"}")
                .collect(Collectors.joining(","));
        HttpResponse<String> answer = Client.CHAT.send("{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[" + parts + "]}]}");

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(Client.CHAT.error(answer)).contains("server.limits.max_parts");
    }

    @Test
    void tooManyHeadersAreRefused() throws Exception {
        Map<String, String> many = new HashMap<>();
        IntStream.range(0, 25).forEach(i -> many.put("x-extra-" + i, "v"));

        HttpResponse<String> answer = Client.CHAT.send(Client.CHAT.body(1, 0, ""), many);

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(Client.CHAT.error(answer)).contains("server.limits.max_headers");
    }

    @Test
    void headersLargerThanTheLimitAreRefusedInTheClientsProtocol() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "POST /v1/messages HTTP/1.1\r\nhost: x\r\nx-big: " + "a".repeat(5000) + "\r\n"
                    + "content-length: 2\r\n\r\n{}");
            String answer = readAll(socket);
            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer).contains("\"type\":\"request_too_large\"").contains("server.limits.max_header_bytes");
        }
    }

    @Test
    void aKeptAliveConnectionThatTricklesItsNextRequestIsClosed() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /healthz HTTP/1.1\r\nhost: x\r\n\r\nPOST /v1/chat/completions HTTP/1.1\r\nhost: x\r\n");
            // Closed by Parley after keep_alive_timeout: the read ends instead of blocking until the socket's timeout.
            String answer = readAll(socket);
            assertThat(answer).startsWith("HTTP/1.1 200");
            assertThat(answer.split("HTTP/1.1 ", -1)).hasSize(2);
        }
    }

    @Test
    void aConnectionWhoseFirstHeadersStopHalfwayIsClosed() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ");
            // Closed by Parley after header_timeout, with nothing said: the read ends instead of timing out.
            assertThat(readAll(socket)).isEmpty();
        }
    }

    @Test
    void aConnectionThatNeverSendsAByteIsClosed() throws Exception {
        try (Socket socket = connect()) {
            assertThat(readAll(socket)).isEmpty();
        }
    }

    /** A byte every 50 ms never lets the connection go quiet for long: only a bound from its start closes it. */
    @Test
    void aConnectionTricklingItsFirstHeadersIsClosed() throws Exception {
        try (Socket socket = connect()) {
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return readAll(socket);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            byte[] head = ("POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nx-filler: " + "a".repeat(2_000))
                    .getBytes(StandardCharsets.US_ASCII);
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < head.length && !answer.isDone(); i++) {
                try {
                    out.write(head[i]);
                    out.flush();
                } catch (IOException closed) {
                    break; // Parley closed it between two bytes
                }
                Thread.sleep(50); // the trickle itself, not a wait for something
            }
            assertThat(answer.get(30, TimeUnit.SECONDS)).as("closed before the headers could complete").isEmpty();
        }
    }

    /** The first request's bound ends with its headers: an answer silent for longer than it is not cut. */
    @Test
    void aStreamSilentForLongerThanTheHeaderTimeoutIsNotCut() throws Exception {
        UPSTREAM.enqueue(Reply.text("late").withTextChunks(1).withHeaderDelay(Duration.ofMillis(1_200)));
        HttpResponse<String> answer = Client.CHAT.send(Client.CHAT.body(1, 0, ",\"stream\":true"));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("late").contains("[DONE]");
    }

    @Test
    void anIdleConnectionIsClosedAfterItsKeepAliveTimeout() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n");
            assertThat(readAll(socket)).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aBodyThatTricklesIsRefusedWithARequestTimeout() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer " + TestParley.KEY
                    + "\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"model\":");
            String answer = readAll(socket);
            assertThat(answer).startsWith("HTTP/1.1 408");
            assertThat(answer).contains("server.limits.body_timeout");
        }
    }

    @Test
    void noneOfItReachedTheProviderAndParleyStillServes() throws Exception {
        jsonNestedTooDeeplyIsRefused(Client.CHAT);
        tooManyToolsAreRefused(Client.ANTHROPIC);
        int before = UPSTREAM.fake().requests().size();
        tooManyMessagesAreRefusedNamingTheLimit(Client.GEMINI);

        assertThat(UPSTREAM.fake().requests()).hasSize(before + 1);
        assertThat(Client.CHAT.send(Client.CHAT.body(1, 0, "")).statusCode()).isEqualTo(200);
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", parley.parley.port());
        // A safety net: every read here ends because Parley answers or closes, long before this.
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Everything the server sends until it closes the connection. */
    private static String readAll(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            all.write(buffer, 0, n);
        }
        return all.toString(StandardCharsets.UTF_8);
    }
}
