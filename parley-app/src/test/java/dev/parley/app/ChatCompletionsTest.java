package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.protocol.Protocol;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageRecord;
import dev.parley.store.Database;
import dev.parley.store.UsageRepository;
import dev.parley.testkit.Fault;
import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.RecordedRequest;
import dev.parley.testkit.Reply;
import dev.parley.testkit.RetryAfter;
import dev.parley.testkit.Usage;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** {@code /v1/chat/completions} through a real Parley to a fake OpenAI-compatible provider. */
class ChatCompletionsTest {

    @RegisterExtension
    static final FakeProviderExtension UPSTREAM = new FakeProviderExtension();

    @TempDir
    static Path dataDir;

    static TestParley parley;
    static Database ledgerDb;
    static UsageRepository ledger;
    private final ObjectMapper json = new ObjectMapper();

    private static final String HELLO = """
            {"model":"gpt-test","messages":[{"role":"user","content":"Say hello"}],"temperature":0.5}""";
    private static final String HELLO_STREAM = """
            {"model":"gpt-test","stream":true,"messages":[{"role":"user","content":"Say hello"}]}""";

    @BeforeAll
    static void start() {
        parley = TestParley.inFrontOf(UPSTREAM.baseUrl(), dataDir);
        ledgerDb = Database.open("sqlite:" + dataDir.resolve("parley.db"));
        ledger = new UsageRepository(ledgerDb);
    }

    @AfterAll
    static void stop() {
        parley.close();
        ledgerDb.close();
    }

    @Test
    void nonStreamingPassesThroughAndRecordsUsage() throws Exception {
        UPSTREAM.enqueue(Reply.text("Hello there!").withUsage(Usage.of(20, 5).withCacheRead(8)));

        HttpResponse<String> response = parley.post("/v1/chat/completions", TestParley.KEY, HELLO);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.at("/choices/0/message/content").asString()).isEqualTo("Hello there!");
        String requestId = response.headers().firstValue("x-parley-request-id").orElseThrow();
        assertThat(requestId).startsWith("req_");
        assertThat(response.headers().firstValue("x-parley-provider")).contains("fake-openai");

        RecordedRequest upstream = UPSTREAM.fake().lastRequest();
        assertThat(upstream.path()).isEqualTo("/v1/chat/completions");
        assertThat(upstream.header("authorization")).contains("Bearer " + TestParley.PROVIDER_KEY);
        // Only the model name changed; every other byte is the client's.
        assertThat(upstream.bodyText()).isEqualTo(HELLO.replace("\"gpt-test\"", "\"upstream-model\""));

        UsageRecord row = awaitRow(requestId);
        assertThat(row.keyName()).isEqualTo("ci");
        assertThat(row.protocol()).isEqualTo(Protocol.OPENAI_CHAT);
        assertThat(row.model()).isEqualTo("gpt-test");
        assertThat(row.provider()).contains("fake-openai");
        assertThat(row.upstreamModel()).contains("upstream-model");
        assertThat(row.status()).isEqualTo(200);
        assertThat(row.errorType()).isEmpty();
        assertThat(row.stream()).isFalse();
        // OpenAI counts cached tokens inside prompt_tokens; the ledger keeps them apart.
        assertThat(row.usage()).usingRecursiveComparison().ignoringFields("raw")
                .isEqualTo(new TokenUsage(12, 5, 8, 0, 0, TokenUsage.Source.REPORTED));
        assertThat(row.timeToFirstToken()).isPresent();
    }

    @Test
    void aBodySentInChunksWithoutALengthReachesTheProviderByteForByte() throws Exception {
        // Longer than the first guess of a body without a length (1 KiB), and sent in pieces, so the read must grow.
        String content = "Ünïcödé and plain words, ".repeat(400);
        String body = HELLO.replace("Say hello", content);
        for (boolean declared : List.of(false, true)) {
            UPSTREAM.enqueue(Reply.text("ok"));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            HttpRequest.BodyPublisher publisher = declared ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                    : HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes));

            HttpResponse<String> response = parley.http().send(HttpRequest.newBuilder(parley.uri("/v1/chat/completions"))
                    .header("authorization", "Bearer " + TestParley.KEY).header("content-type", "application/json")
                    .POST(publisher).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as("declared length: %s", declared).isEqualTo(200);
            assertThat(UPSTREAM.fake().lastRequest().bodyText()).as("declared length: %s", declared)
                    .isEqualTo(body.replace("\"gpt-test\"", "\"upstream-model\""));
        }
    }

    @Test
    void streamingAsksForUsageAndStripsTheChunkTheClientDidNotAskFor() throws Exception {
        UPSTREAM.enqueue(Reply.text("one two three four").withTextChunks(4).withUsage(Usage.of(11, 4)));

        HttpResponse<String> response = parley.post("/v1/chat/completions", TestParley.KEY, HELLO_STREAM);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("text/event-stream"));
        List<String> data = dataLines(response.body());
        assertThat(data.getLast()).isEqualTo("[DONE]");
        assertThat(data).noneMatch(d -> d.contains("\"choices\":[]"));
        assertThat(contentOf(data)).isEqualTo("one two three four");
        assertThat(UPSTREAM.fake().lastRequest().json().orElseThrow().at("/stream_options/include_usage").asBoolean())
                .isTrue();

        UsageRecord row = awaitRow(response.headers().firstValue("x-parley-request-id").orElseThrow());
        assertThat(row.stream()).isTrue();
        assertThat(row.usage().inputTokens()).isEqualTo(11);
        assertThat(row.usage().outputTokens()).isEqualTo(4);
    }

    @Test
    void streamingKeepsTheUsageChunkWhenTheClientAskedForIt() throws Exception {
        UPSTREAM.enqueue(Reply.text("hi").withUsage(Usage.of(3, 1)));
        String body = HELLO_STREAM.replace("\"stream\":true", "\"stream\":true,\"stream_options\":{\"include_usage\":true}");

        HttpResponse<String> response = parley.post("/v1/chat/completions", TestParley.KEY, body);

        List<String> data = dataLines(response.body());
        assertThat(data).anySatisfy(d -> assertThat(json.readTree(d).at("/usage/prompt_tokens").asLong()).isEqualTo(3));
        assertThat(UPSTREAM.fake().lastRequest().bodyText()).isEqualTo(body.replace("\"gpt-test\"", "\"upstream-model\""));
    }

    @Test
    void eventsReachTheClientOneAtATime() throws Exception {
        UPSTREAM.enqueue(Reply.text("a b c").withTextChunks(3).withChunkDelay(Duration.ofMillis(300)));

        try (BufferedReader reader = openStream(HELLO_STREAM)) {
            long start = System.nanoTime();
            String first = nextData(reader);
            long firstAt = System.nanoTime() - start;

            assertThat(first).contains("chat.completion.chunk");
            // The whole reply takes over a second; the first event must not wait for it.
            assertThat(Duration.ofNanos(firstAt)).isLessThan(Duration.ofMillis(900));
        }
    }

    @Test
    void clientHangUpCancelsTheUpstreamCall() throws Exception {
        UPSTREAM.enqueue(Reply.text("w ".repeat(50)).withTextChunks(50).withChunkDelay(Duration.ofMillis(100)));

        BufferedReader reader = openStream(HELLO_STREAM);
        nextData(reader);
        reader.close();

        UPSTREAM.fake().awaitClientHangUps(1, Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> parley.parley.inFlight() == 0);
    }

    @Test
    void aCutStreamEndsWithAnErrorEventNotACleanEnd() throws Exception {
        UPSTREAM.enqueue(Fault.cutAfterChunks(2));

        HttpResponse<String> response = parley.post("/v1/chat/completions", TestParley.KEY, HELLO_STREAM);

        List<String> data = dataLines(response.body());
        assertThat(data).doesNotContain("[DONE]");
        assertThat(json.readTree(data.getLast()).at("/error/code").asString()).isEqualTo("stream_cut");
        UsageRecord row = awaitRow(response.headers().firstValue("x-parley-request-id").orElseThrow());
        assertThat(row.errorType()).isPresent();
    }

    @Test
    void upstreamRateLimitReachesTheClientWithRetryAfter() throws Exception {
        UPSTREAM.enqueue(Fault.rateLimited(RetryAfter.seconds(7)));

        HttpResponse<String> response = parley.post("/v1/chat/completions", TestParley.KEY, HELLO);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).contains("7");
        assertThat(json.readTree(response.body()).at("/error/code").asString()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void upstreamServerErrorBecomesBadGateway() throws Exception {
        UPSTREAM.enqueue(Fault.status(500));

        HttpResponse<String> response = parley.post("/v1/chat/completions", TestParley.KEY, HELLO);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(json.readTree(response.body()).at("/error/type").asString()).isEqualTo("server_error");
    }

    @Test
    void upstreamRefusingParleysKeyIsNotBlamedOnTheClient() throws Exception {
        UPSTREAM.enqueue(Fault.status(401).withMessage("Incorrect API key provided: " + TestParley.PROVIDER_KEY));

        HttpResponse<String> response = parley.post("/v1/chat/completions", TestParley.KEY, HELLO);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).doesNotContain(TestParley.PROVIDER_KEY).contains("refused Parley's credentials");
    }

    @Test
    void listsTheModelsTheKeyMayUse() throws Exception {
        HttpResponse<String> all = parley.get("/v1/models", TestParley.KEY);
        HttpResponse<String> limited = parley.get("/v1/models", TestParley.LIMITED_KEY);

        assertThat(json.readTree(all.body()).at("/data/0/id").asString()).isEqualTo("gpt-test");
        assertThat(json.readTree(all.body()).get("object").asString()).isEqualTo("list");
        assertThat(json.readTree(limited.body()).get("data").size()).isZero();
    }

    @Test
    void healthAndReadiness() throws Exception {
        assertThat(parley.get("/healthz", "").statusCode()).isEqualTo(200);
        assertThat(parley.get("/readyz", "").body()).contains("ready");
    }

    static UsageRecord awaitRow(String requestId) {
        parley.parley.flushUsage();
        return await().atMost(Duration.ofSeconds(5)).until(() -> ledger.findByRequestId(requestId), Optional::isPresent)
                .orElseThrow();
    }

    private BufferedReader openStream(String body) throws Exception {
        HttpResponse<InputStream> response = parley.http().send(HttpRequest.newBuilder(parley.uri("/v1/chat/completions"))
                .header("authorization", "Bearer " + TestParley.KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    private static String nextData(BufferedReader reader) throws Exception {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("data: ")) {
                return line.substring(6);
            }
        }
        throw new AssertionError("the stream ended without a data line");
    }

    static List<String> dataLines(String body) {
        return body.lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    }

    private String contentOf(List<String> data) {
        return data.stream().filter(d -> !d.equals("[DONE]"))
                .map(d -> json.readTree(d).at("/choices/0/delta/content"))
                .filter(JsonNode::isString).map(JsonNode::asString).collect(Collectors.joining());
    }
}
