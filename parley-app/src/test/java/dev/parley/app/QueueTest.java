package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.Fault;
import dev.parley.testkit.RecordedRequest;
import dev.parley.testkit.Reply;
import dev.parley.testkit.RetryAfter;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Requests that wait for a rate-limited key, over real sockets: one fake provider behind an Anthropic provider with
 * two keys ({@code keys}), one with a single key ({@code solo}), an OpenAI-compatible one ({@code learned}) and one
 * with a configured {@code rpm: 2} ({@code metered}). A fresh Parley per test, since cool-downs are remembered.
 */
class QueueTest {

    private static final String MASTER = "pk-master-0123456789abcdef";
    private static final String DEFAULT_TEXT = "Hello from the fake provider.";

    @RegisterExtension
    static final FakeProviderExtension FAKE = new FakeProviderExtension();

    @TempDir
    Path dataDir;
    private TestParley parley;

    @BeforeEach
    void start() {
        parley = TestParley.start(yaml(10), dataDir);
    }

    @AfterEach
    void stop() {
        parley.close();
    }

    private String yaml(int maxDepth) {
        return """
                server: {host: 127.0.0.1, port: 0, data_dir: "%s", shutdown_grace: 1s}
                retries: {max_attempts: 2, base_delay: 10ms, max_delay: 50ms, deadline: 10s}
                queue: {max_depth: %d, max_wait: 10s}
                master_key: "%s"
                providers:
                  - {name: two-keys, type: anthropic, base_url: "%s", keys: ["sk-one-0123456789", "sk-two-0123456789"]}
                  - {name: solo, type: anthropic, base_url: "%s", keys: ["sk-solo-0123456789"]}
                  - {name: chatty, type: openai-compatible, base_url: "%s/v1", keys: ["sk-chat-0123456789"]}
                  - {name: metered, type: openai-compatible, base_url: "%s/v1", keys: ["sk-meter-0123456789"], rpm: 2}
                  - {name: counted, type: anthropic, base_url: "%s", keys: ["sk-count-0123456789"], tpm: 15}
                models:
                  - {name: keys, routes: [{provider: two-keys, model: up-k}]}
                  - {name: solo, routes: [{provider: solo, model: up-s}]}
                  - {name: learned, routes: [{provider: chatty, model: up-l}]}
                  - {name: metered, routes: [{provider: metered, model: up-m}]}
                  - {name: counted, routes: [{provider: counted, model: up-t}]}
                keys:
                  - {name: ci, key: "%s"}
                """.formatted(dataDir, maxDepth, MASTER, FAKE.baseUrl(), FAKE.baseUrl(), FAKE.baseUrl(),
                FAKE.baseUrl(), FAKE.baseUrl(), TestParley.KEY);
    }

    @Test
    void whileEveryKeyCoolsDownARequestWaitsAndIsThenServed() throws Exception {
        FAKE.enqueue(Fault.rateLimited(RetryAfter.seconds(1)), Fault.rateLimited(RetryAfter.seconds(1)));
        HttpResponse<String> limited = send(ClientWire.ANTHROPIC, "keys", false, Map.of("x-parley-max-wait", "0"));
        assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
        long start = System.nanoTime();

        HttpResponse<String> waited = send(ClientWire.CHAT, "keys", true, Map.of());

        assertOk(ClientWire.CHAT, waited, true);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(waited.headers().firstValue("x-parley-queue-wait")).hasValueSatisfying(ms ->
                assertThat(Long.parseLong(ms)).isGreaterThanOrEqualTo(500));
        assertThat(waited.headers().firstValue("x-parley-attempts")).contains("1");
        assertThat(FAKE.fake().requests()).hasSize(3);
        JsonNode stats = queue();
        assertThat(stats.at("/since_start/waited").asLong()).isEqualTo(1);
        assertThat(stats.at("/since_start/released").asLong()).isEqualTo(1);
        assertThat(stats.at("/depth").asInt()).isZero();
    }

    @Test
    void aRetryAfterA429OnTheOnlyKeyWaitsForTheKeyAndIsServed() throws Exception {
        FAKE.enqueue(Fault.rateLimited(RetryAfter.seconds(1)));
        long start = System.nanoTime();

        HttpResponse<String> response = send(ClientWire.ANTHROPIC, "solo", true, Map.of());

        assertOk(ClientWire.ANTHROPIC, response, true);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(response.headers().firstValue("x-parley-attempts")).contains("2");
        assertThat(response.headers().firstValue("x-parley-queue-wait")).hasValueSatisfying(ms ->
                assertThat(Long.parseLong(ms)).isGreaterThanOrEqualTo(500));
        assertThat(FAKE.fake().requests()).hasSize(2);
        assertThat(queue().at("/since_start/released").asLong()).isEqualTo(1);
    }

    @Test
    void aRetryThatWouldOutwaitTheClientsMaxWaitIsRefusedWithTheHonestRetryAfter() throws Exception {
        FAKE.enqueue(Fault.rateLimited(RetryAfter.seconds(3)));

        HttpResponse<String> response = send(ClientWire.CHAT, "solo", false, Map.of("x-parley-max-wait", "1"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).hasValueSatisfying(v ->
                assertThat(Integer.parseInt(v)).isBetween(2, 3));
        assertThat(FAKE.fake().requests()).hasSize(1);
    }

    @Test
    void aClientThatWillNotWaitIsToldHonestlyWhenToComeBack() throws Exception {
        coolSolo(2);

        HttpResponse<String> response = send(ClientWire.ANTHROPIC, "solo", false, Map.of("x-parley-max-wait", "0"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).hasValueSatisfying(v ->
                assertThat(Integer.parseInt(v)).isBetween(1, 2));
        assertThat(response.headers().firstValue("x-parley-queue-wait")).isEmpty();
        assertThat(FAKE.fake().requests()).hasSize(1);
        assertThat(queue().at("/since_start/waited").asLong()).isZero();
    }

    @Test
    void aDeadlineBeforeTheKeyComesBackIsRefusedAtOnce() throws Exception {
        coolSolo(5);

        HttpResponse<String> response = send(ClientWire.GEMINI, "solo", false, Map.of("x-parley-max-wait", "500ms"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).hasValueSatisfying(v ->
                assertThat(Integer.parseInt(v)).isBetween(4, 5));
        JsonNode stats = queue();
        assertThat(stats.at("/since_start/waited").asLong()).isZero();
        assertThat(stats.at("/since_start/refused_too_late").asLong()).isEqualTo(1);
        assertThat(FAKE.fake().requests()).hasSize(1);
    }

    @Test
    void aWaiterWhoseDeadlinePassesGetsAnHonest429() throws Exception {
        coolSolo(2);
        // The key comes back within both deadlines, goes to the higher priority, and is rate limited again, for
        // longer than what is left of either wait: the first is refused at once, the second when its wait is over.
        FAKE.enqueue(Fault.rateLimited(RetryAfter.seconds(3)));
        CompletableFuture<HttpResponse<String>> first = sendAsync(ClientWire.ANTHROPIC, "solo",
                Map.of("x-parley-max-wait", "2.5"));
        awaitDepth(1);

        HttpResponse<String> second = send(ClientWire.ANTHROPIC, "solo", false,
                Map.of("x-parley-max-wait", "2.5", "x-parley-priority", "low"));

        assertThat(first.get().statusCode()).as(first.get().body()).isEqualTo(429);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(429);
        assertThat(second.headers().firstValue("retry-after")).hasValueSatisfying(v ->
                assertThat(Integer.parseInt(v)).isBetween(1, 3));
        assertThat(second.headers().firstValue("x-parley-queue-wait")).hasValueSatisfying(ms ->
                assertThat(Long.parseLong(ms)).isGreaterThanOrEqualTo(2_000));
        assertThat(queue().at("/since_start/timed_out").asLong()).isEqualTo(1);
        assertThat(FAKE.fake().requests()).hasSize(2);
    }

    @Test
    void aFullQueueRefusesAtOnceAndSaysWhenAKeyComesBack() throws Exception {
        parley.close();
        parley = TestParley.start(yaml(1), dataDir);
        coolSolo(2);
        CompletableFuture<HttpResponse<String>> waiting = sendAsync(ClientWire.ANTHROPIC, "solo", Map.of());
        awaitDepth(1);

        HttpResponse<String> refused = send(ClientWire.CHAT, "solo", false, Map.of());

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(refused.body()).contains("queue");
        assertThat(refused.headers().firstValue("retry-after")).hasValueSatisfying(v ->
                assertThat(Integer.parseInt(v)).isBetween(1, 2));
        assertThat(queue().at("/since_start/refused_full").asLong()).isEqualTo(1);
        assertOk(ClientWire.ANTHROPIC, waiting.get(), false);
        assertThat(FAKE.fake().requests()).hasSize(2);
    }

    @Test
    void higherPriorityIsServedFirst() throws Exception {
        coolSolo(2);
        CompletableFuture<HttpResponse<String>> low = sendAsync(ClientWire.ANTHROPIC, "solo", "prio-low",
                Map.of("x-parley-priority", "low"));
        awaitDepth(1);
        CompletableFuture<HttpResponse<String>> high = sendAsync(ClientWire.ANTHROPIC, "solo", "prio-high",
                Map.of("x-parley-priority", "10"));
        awaitDepth(2);
        CompletableFuture<HttpResponse<String>> normal = sendAsync(ClientWire.ANTHROPIC, "solo", "prio-normal",
                Map.of());
        awaitDepth(3);

        for (CompletableFuture<HttpResponse<String>> response : List.of(low, high, normal)) {
            assertOk(ClientWire.ANTHROPIC, response.get(), false);
        }
        List<RecordedRequest> seen = FAKE.fake().requests();
        assertThat(seen).hasSize(4);
        assertThat(seen.subList(1, 4)).extracting(r -> Stream.of("prio-high", "prio-normal", "prio-low")
                .filter(r.bodyText()::contains).findFirst().orElse("?"))
                .containsExactly("prio-high", "prio-normal", "prio-low");
    }

    @Test
    void aClientThatHangsUpWhileWaitingLeavesTheQueueAndIsNeverSent() throws Exception {
        coolSolo(1);
        CompletableFuture<HttpResponse<String>> pending = sendAsync(ClientWire.ANTHROPIC, "solo", Map.of());
        awaitDepth(1);

        pending.cancel(true);

        await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode stats = queue();
            assertThat(stats.at("/depth").asInt()).isZero();
            assertThat(stats.at("/since_start/cancelled").asLong()).isEqualTo(1);
        });
        // Past the moment the key came back: the provider never hears of that request.
        await().pollDelay(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(FAKE.fake().requests()).hasSize(1));
        assertThat(queue().at("/since_start/released").asLong()).isZero();
    }

    static Stream<Arguments> hangUps() {
        return Stream.of(Arguments.of(ClientWire.ANTHROPIC, true), Arguments.of(ClientWire.ANTHROPIC, false),
                Arguments.of(ClientWire.CHAT, true), Arguments.of(ClientWire.CHAT, false));
    }

    @ParameterizedTest(name = "{0} client of an Anthropic provider, stream={1}")
    @MethodSource("hangUps")
    void aClientThatHangsUpDuringTheUpstreamCallHasItReset(ClientWire client, boolean stream) throws Exception {
        Reply slow = Reply.text("one two three four five six seven eight").withTextChunks(8)
                .withChunkDelay(Duration.ofMillis(300));
        FAKE.enqueue(stream ? slow : slow.withHeaderDelay(Duration.ofSeconds(5)));
        HttpRequest.Builder request = HttpRequest.newBuilder(parley.uri(client.path("solo", stream)))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(client.text("solo", stream, "Hi")));
        client.headers(TestParley.KEY).forEach(request::header);

        if (stream) {
            HttpResponse<InputStream> response = parley.http().send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            try (InputStream body = response.body()) {
                assertThat(body.read()).isNotNegative(); // the stream has begun
            }
        } else {
            CompletableFuture<HttpResponse<String>> pending = HttpClient.newHttpClient()
                    .sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
            FAKE.fake().awaitRequests(1, Duration.ofSeconds(5));
            pending.cancel(true);
        }

        assertThat(FAKE.fake().awaitClientHangUps(1, Duration.ofSeconds(1))).hasSize(1);
        assertThat(FAKE.fake().servedCount()).isZero();
    }

    @Test
    void aLimitTheProviderAnnouncesMakesTheNextRequestWaitForItsReset() throws Exception {
        FAKE.enqueue(Reply.text(DEFAULT_TEXT).withHeaders(Map.of("x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-requests", "1s")));

        HttpResponse<String> first = send(ClientWire.CHAT, "learned", false, Map.of());
        HttpResponse<String> second = send(ClientWire.CHAT, "learned", false, Map.of());

        assertOk(ClientWire.CHAT, first, false);
        assertThat(first.headers().firstValue("x-parley-queue-wait")).isEmpty();
        assertOk(ClientWire.CHAT, second, false);
        assertThat(second.headers().firstValue("x-parley-queue-wait")).hasValueSatisfying(ms ->
                assertThat(Long.parseLong(ms)).isGreaterThanOrEqualTo(500));
        assertThat(FAKE.fake().requests()).hasSize(2);
    }

    @Test
    void aConfiguredRpmIsNeverExceeded() throws Exception {
        assertOk(ClientWire.CHAT, send(ClientWire.CHAT, "metered", false, Map.of()), false);
        assertOk(ClientWire.CHAT, send(ClientWire.CHAT, "metered", false, Map.of()), false);

        HttpResponse<String> third = send(ClientWire.CHAT, "metered", false, Map.of("x-parley-max-wait", "0"));
        HttpResponse<String> fourth = send(ClientWire.CHAT, "metered", false, Map.of("x-parley-max-wait", "2s"));

        for (HttpResponse<String> refused : List.of(third, fourth)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
            assertThat(refused.headers().firstValue("retry-after")).hasValueSatisfying(v ->
                    assertThat(Integer.parseInt(v)).isBetween(50, 60));
        }
        assertThat(FAKE.fake().requests()).hasSize(2);
    }

    @Test
    void aKeyThatUsedItsTokensPerMinuteSitsOutTheRestOfTheMinute() throws Exception {
        // The fake's answers use 12 + 7 tokens: one of them is over the key's tpm of 15.
        assertOk(ClientWire.ANTHROPIC, send(ClientWire.ANTHROPIC, "counted", false, Map.of()), false);
        // The tokens are counted when the exchange ends, which may be just after the client has its answer.
        await().atMost(Duration.ofSeconds(5)).until(() -> parley.get("/admin/channels", MASTER).body()
                .contains("cooling"));

        HttpResponse<String> refused = send(ClientWire.CHAT, "counted", false, Map.of("x-parley-max-wait", "0"));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(refused.headers().firstValue("retry-after")).hasValueSatisfying(v ->
                assertThat(Integer.parseInt(v)).isBetween(50, 60));
        assertThat(FAKE.fake().requests()).hasSize(1);
    }

    @Test
    void aBadControlHeaderIsTheClientsErrorNamingIt() throws Exception {
        HttpResponse<String> wait = send(ClientWire.CHAT, "solo", false, Map.of("x-parley-max-wait", "soon"));
        HttpResponse<String> priority = send(ClientWire.ANTHROPIC, "solo", false, Map.of("x-parley-priority", "urgent"));

        assertThat(wait.statusCode()).isEqualTo(400);
        assertThat(wait.body()).contains("x-parley-max-wait").contains("invalid_request_error");
        assertThat(priority.statusCode()).isEqualTo(400);
        assertThat(priority.body()).contains("x-parley-priority").contains("invalid_request_error");
        assertThat(FAKE.fake().requests()).isEmpty();
    }

    @Test
    void theQueueIsTheMasterKeysToSee() throws Exception {
        assertThat(parley.get("/admin/queue", "").statusCode()).isEqualTo(401);
        HttpResponse<String> virtual = parley.get("/admin/queue", TestParley.KEY);
        assertThat(virtual.statusCode()).as(virtual.body()).isEqualTo(403);
        assertThat(virtual.body()).contains("master");
        HttpResponse<String> master = parley.get("/admin/queue", MASTER);
        assertThat(master.statusCode()).as(master.body()).isEqualTo(200);
        JsonNode stats = ClientWire.JSON.readTree(master.body());
        assertThat(stats.at("/depth").asInt()).isZero();
        assertThat(stats.at("/max_depth").asInt()).isEqualTo(10);
        assertThat(stats.at("/since_start/refused_full").isNumber()).isTrue();
    }

    /** Cools the only key of {@code solo} for {@code seconds}: one request that the provider rate limits. */
    private void coolSolo(int seconds) throws Exception {
        FAKE.enqueue(Fault.rateLimited(RetryAfter.seconds(seconds)));
        HttpResponse<String> limited = send(ClientWire.ANTHROPIC, "solo", false, Map.of("x-parley-max-wait", "0"));
        assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
    }

    private void awaitDepth(int depth) {
        await().atMost(Duration.ofSeconds(5)).until(() -> queue().at("/depth").asInt() == depth);
    }

    private JsonNode queue() throws Exception {
        HttpResponse<String> response = parley.get("/admin/queue", MASTER);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ClientWire.JSON.readTree(response.body());
    }

    private static void assertOk(ClientWire client, HttpResponse<String> response, boolean stream) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(client.read(response.body(), stream).text()).as(response.body()).isEqualTo(DEFAULT_TEXT);
    }

    private HttpResponse<String> send(ClientWire client, String model, boolean stream, Map<String, String> extra)
            throws Exception {
        Map<String, String> headers = new HashMap<>(client.headers(TestParley.KEY));
        headers.putAll(extra);
        return parley.send("POST", client.path(model, stream), headers, client.text(model, stream, "Hi"));
    }

    private CompletableFuture<HttpResponse<String>> sendAsync(ClientWire client, String model,
                                                              Map<String, String> extra) {
        return sendAsync(client, model, "Hi", extra);
    }

    private CompletableFuture<HttpResponse<String>> sendAsync(ClientWire client, String model, String text,
                                                              Map<String, String> extra) {
        HttpRequest.Builder request = HttpRequest.newBuilder(parley.uri(client.path(model, false)))
                .header("content-type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(client.text(model, false, text)));
        client.headers(TestParley.KEY).forEach(request::header);
        extra.forEach(request::header);
        return HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
