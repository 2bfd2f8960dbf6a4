package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageRecord;
import dev.parley.store.Database;
import dev.parley.store.UsageRepository;
import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.Reply;
import dev.parley.testkit.Usage;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The usage row of a request, through a real Parley: the same for a streamed and a whole answer, estimated when cut. */
class UsageLedgerTest {

    @RegisterExtension
    static final FakeProviderExtension UPSTREAM = new FakeProviderExtension();

    @TempDir
    static Path dataDir;

    static TestParley parley;
    static Database ledgerDb;
    static UsageRepository ledger;

    private static final Reply REPLY = Reply.text("The answer is forty-two.").withThinking("Let me think.")
            .thenToolCall("lookup", "{\"q\":\"answer\"}")
            .withUsage(Usage.of(900, 120).withCacheRead(600).withReasoning(40));

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
    void aStreamedAndAWholeChatAnswerBillTheSame() throws Exception {
        TokenUsage whole = usageOf(chat(false));
        TokenUsage streamed = usageOf(chat(true));

        assertThat(streamed).isEqualTo(whole);
        // OpenAI's prompt_tokens include the cached ones: the ledger keeps them apart, and the raw figures as sent.
        assertThat(whole.inputTokens()).isEqualTo(300);
        assertThat(whole.cacheReadTokens()).isEqualTo(600);
        assertThat(whole.outputTokens()).isEqualTo(120);
        assertThat(whole.reasoningTokens()).isEqualTo(40);
        assertThat(whole.isReported()).isTrue();
        assertThat(whole.raw()).hasValueSatisfying(raw -> assertThat(raw).contains("\"prompt_tokens\":900"));
    }

    @Test
    void aStreamedAndAWholeTranslatedAnswerBillTheSame() throws Exception {
        TokenUsage whole = usageOf(anthropic(false));
        TokenUsage streamed = usageOf(anthropic(true));

        assertThat(streamed).isEqualTo(whole);
        assertThat(whole.inputTokens()).isEqualTo(300);
        assertThat(whole.cacheReadTokens()).isEqualTo(600);
        assertThat(whole.isReported()).isTrue();
    }

    @Test
    void aClientThatHangsUpMidStreamIsBilledAnEstimateOfWhatWasProduced() throws Exception {
        UPSTREAM.enqueue(Reply.text("word ".repeat(40)).withTextChunks(40).withChunkDelay(Duration.ofMillis(100))
                .withUsage(Usage.of(50, 80)));
        HttpResponse<InputStream> response = parley.http().send(HttpRequest.newBuilder(parley.uri("/v1/chat/completions"))
                .header("authorization", "Bearer " + TestParley.KEY)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model":"gpt-test","stream":true,"messages":[{"role":"user","content":"Count words"}]}"""))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        String requestId = response.headers().firstValue("x-parley-request-id").orElseThrow();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            int data = 0;
            String line;
            while (data < 3 && (line = reader.readLine()) != null) {
                data += line.startsWith("data: ") ? 1 : 0;
            }
        }
        UPSTREAM.fake().awaitClientHangUps(1, Duration.ofSeconds(5));

        UsageRecord row = awaitRow(requestId);

        assertThat(row.errorType()).contains("client_closed");
        assertThat(row.usage().source()).isEqualTo(new TokenUsage.Source.Estimated(TokenUsage.EstimateMethod.TOKENIZER));
        assertThat(row.usage().outputTokens()).isPositive().isLessThan(80);
        assertThat(row.usage().inputTokens()).isPositive();
        assertThat(row.usage().raw()).isEmpty();
    }

    private static String chat(boolean stream) throws Exception {
        UPSTREAM.enqueue(REPLY);
        HttpResponse<String> response = parley.post("/v1/chat/completions", TestParley.KEY, """
                {"model":"gpt-test","stream":%s,"messages":[{"role":"user","content":"What is the answer?"}]}"""
                .formatted(stream));
        assertThat(response.statusCode()).isEqualTo(200);
        return response.headers().firstValue("x-parley-request-id").orElseThrow();
    }

    private static String anthropic(boolean stream) throws Exception {
        UPSTREAM.enqueue(REPLY);
        HttpResponse<String> response = parley.send("POST", "/v1/messages", Map.of("x-api-key", TestParley.KEY,
                "anthropic-version", "2023-06-01"), """
                {"model":"gpt-test","max_tokens":256,"stream":%s,
                 "messages":[{"role":"user","content":"What is the answer?"}]}""".formatted(stream));
        assertThat(response.statusCode()).isEqualTo(200);
        return response.headers().firstValue("x-parley-request-id").orElseThrow();
    }

    private static TokenUsage usageOf(String requestId) {
        return awaitRow(requestId).usage();
    }

    private static UsageRecord awaitRow(String requestId) {
        parley.parley.flushUsage();
        return await().atMost(Duration.ofSeconds(5)).until(() -> ledger.findByRequestId(requestId), Optional::isPresent)
                .orElseThrow();
    }
}
