package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.Fault;
import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.RecordedRequest;
import dev.parley.testkit.Reply;
import dev.parley.testkit.RetryAfter;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

/**
 * Retries and failover before the first byte, over real sockets: two fake providers (Anthropic {@code first}, and
 * {@code second} as Anthropic for model {@code same} or as an OpenAI-compatible server for {@code cross}), and one
 * provider with two keys. A fresh Parley per test, since cooled-down and refused keys are remembered.
 */
class RetryTest {

    private static final String SAME = "same";
    private static final String CROSS = "cross";
    private static final String KEYS = "keys";
    private static final String REFUSED = "refused";
    private static final String ONLY = "only";
    private static final String KEY_ONE = "sk-one-0123456789";
    private static final String KEY_TWO = "sk-two-0123456789";
    private static final String DEFAULT_TEXT = "Hello from the fake provider.";

    @RegisterExtension
    static final FakeProviderExtension FIRST = new FakeProviderExtension();
    @RegisterExtension
    static final FakeProviderExtension SECOND = new FakeProviderExtension();

    @TempDir
    Path dataDir;
    private TestParley parley;

    @BeforeEach
    void start() throws IOException {
        parley = TestParley.start(yaml(), dataDir);
    }

    @AfterEach
    void stop() {
        parley.close();
    }

    private String yaml() throws IOException {
        return """
                server: {host: 127.0.0.1, port: 0, data_dir: "%s", shutdown_grace: 1s}
                retries: {max_attempts: 3, base_delay: 10ms, max_delay: 50ms, deadline: 10s}
                queue: {max_wait: 0}
                providers:
                  - {name: first, type: anthropic, base_url: "%s", keys: ["sk-first-0123456789"]}
                  - {name: second, type: anthropic, base_url: "%s", keys: ["sk-second-0123456789"]}
                  - {name: second-chat, type: openai-compatible, base_url: "%s/v1", keys: ["sk-second-0123456789"]}
                  - {name: two-keys, type: anthropic, base_url: "%s", keys: ["%s", "%s"]}
                  - {name: nobody, type: anthropic, base_url: "http://127.0.0.1:%d", keys: ["sk-none-0123456789"]}
                models:
                  - {name: same, routes: [{provider: first, model: up-1}, {provider: second, model: up-2, priority: 1}]}
                  - {name: cross, routes: [{provider: first, model: up-1}, {provider: second-chat, model: up-2, priority: 1}]}
                  - {name: keys, routes: [{provider: two-keys, model: up-k}]}
                  - {name: only, routes: [{provider: first, model: up-1}]}
                  - {name: big, routes: [{provider: second-chat, model: up-big}]}
                  - {name: once, routes: [{provider: first, model: up-1}, {provider: second, model: up-2, priority: 1}],
                     retries: {max_attempts: 1}}
                  - {name: small, routes: [{provider: first, model: up-small}], fallbacks: [big]}
                  - {name: refused, routes: [{provider: nobody, model: up-0}, {provider: second, model: up-2, priority: 1}]}
                keys:
                  - {name: ci, key: "%s"}
                """.formatted(dataDir, FIRST.baseUrl(), SECOND.baseUrl(), SECOND.baseUrl(), FIRST.baseUrl(), KEY_ONE,
                KEY_TWO, closedPort(), TestParley.KEY);
    }

    /** Same and cross protocol on the failing attempt (Anthropic and Chat clients of an Anthropic provider), and on
     * the one that succeeds (an Anthropic or an OpenAI-compatible second provider); streaming and not. */
    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (ClientWire client : List.of(ClientWire.ANTHROPIC, ClientWire.CHAT)) {
            for (String model : List.of(SAME, CROSS)) {
                all.add(Arguments.of(client, model, false));
                all.add(Arguments.of(client, model, true));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} client, model {1}, stream={2}")
    @MethodSource("cases")
    void rateLimitedThenServedByTheOtherChannel(ClientWire client, String model, boolean stream) throws Exception {
        FIRST.enqueue(Fault.rateLimited(RetryAfter.seconds(1)));
        assertServedBySecondAfterOneFailure(client, model, stream);
    }

    @ParameterizedTest(name = "{0} client, model {1}, stream={2}")
    @MethodSource("cases")
    void serverErrorThenServedByTheOtherChannel(ClientWire client, String model, boolean stream) throws Exception {
        FIRST.enqueue(Fault.status(500));
        assertServedBySecondAfterOneFailure(client, model, stream);
    }

    @ParameterizedTest(name = "{0} client, model {1}, stream={2}")
    @MethodSource("cases")
    void overloadedThenServedByTheOtherChannel(ClientWire client, String model, boolean stream) throws Exception {
        FIRST.enqueue(Fault.overloaded());
        assertServedBySecondAfterOneFailure(client, model, stream);
    }

    @ParameterizedTest(name = "{0} client, model {1}, stream={2}")
    @MethodSource("cases")
    void errorInsideA200BeforeAnyOutputIsRetried(ClientWire client, String model, boolean stream) throws Exception {
        FIRST.enqueue(Fault.errorEventAfterChunks(0));
        assertServedBySecondAfterOneFailure(client, model, stream);
    }

    @ParameterizedTest(name = "{0} client, model {1}, stream={2}")
    @MethodSource("cases")
    void connectionResetBeforeTheResponseIsRetried(ClientWire client, String model, boolean stream) throws Exception {
        FIRST.enqueue(Fault.closeBeforeResponse());
        assertServedBySecondAfterOneFailure(client, model, stream);
    }

    @ParameterizedTest(name = "{0} client, stream={2}")
    @MethodSource("cases")
    void connectionRefusedFailsOver(ClientWire client, String model, boolean stream) throws Exception {
        HttpResponse<String> response = send(client, REFUSED, stream);

        assertOk(client, response, stream);
        assertThat(response.headers().firstValue("x-parley-attempts")).contains("2");
        assertThat(response.headers().firstValue("x-parley-provider")).contains("second");
        assertThat(SECOND.fake().requests()).hasSize(1);
    }

    @ParameterizedTest(name = "{0} client, model {1}, stream={2}")
    @MethodSource("cases")
    void aStreamCutAfterOutputIsNeverRetried(ClientWire client, String model, boolean stream) throws Exception {
        FIRST.enqueue(Fault.cutAfterChunks(6).during(Reply.text("one two three four five six").withTextChunks(6)));

        HttpResponse<String> response = send(client, model, stream);

        if (stream) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            ClientWire.Answer answer = client.read(response.body(), true);
            assertThat(answer.cleanEnd()).as(response.body()).isFalse();
            assertThat(answer.streamError()).as(response.body()).isPresent();
            assertThat(FIRST.fake().requests()).hasSize(1);
            assertThat(SECOND.fake().requests()).isEmpty();
            assertThat(response.headers().firstValue("x-parley-attempts")).contains("1");
        } else {
            // A body cut short reached no client byte: that one may be served elsewhere.
            assertOk(client, response, false);
            assertThat(response.headers().firstValue("x-parley-attempts")).contains("2");
        }
    }

    @Test
    void aRefusedKeyIsRetiredAndTheNextRequestGoesStraightToTheHealthyOne() throws Exception {
        FIRST.enqueue(Fault.status(401));

        HttpResponse<String> first = send(ClientWire.ANTHROPIC, KEYS, false);

        assertOk(ClientWire.ANTHROPIC, first, false);
        assertThat(first.headers().firstValue("x-parley-attempts")).contains("2");
        List<RecordedRequest> seen = FIRST.fake().requests();
        assertThat(seen).hasSize(2);
        String refused = seen.get(0).header("x-api-key").orElseThrow();
        String healthy = seen.get(1).header("x-api-key").orElseThrow();
        assertThat(List.of(refused, healthy)).containsExactlyInAnyOrder(KEY_ONE, KEY_TWO);

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> next = send(ClientWire.ANTHROPIC, KEYS, i % 2 == 0);
            assertOk(ClientWire.ANTHROPIC, next, i % 2 == 0);
            assertThat(next.headers().firstValue("x-parley-attempts")).contains("1");
        }
        assertThat(FIRST.fake().requests()).hasSize(5);
        assertThat(FIRST.fake().requests().subList(2, 5)).allSatisfy(r ->
                assertThat(r.header("x-api-key")).contains(healthy));
    }

    @Test
    void everyKeyRateLimitedGives429WithTheEarliestRetryAfter() throws Exception {
        FIRST.enqueue(Fault.rateLimited(RetryAfter.seconds(5)), Fault.rateLimited(RetryAfter.seconds(2)));

        HttpResponse<String> response = send(ClientWire.ANTHROPIC, KEYS, false);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).contains("2");
        assertThat(response.headers().firstValue("x-parley-attempts")).contains("2");
        assertThat(FIRST.fake().requests()).hasSize(2);

        // While both keys cool down, Parley (not queueing here) answers at once and honestly, without calling the
        // provider.
        HttpResponse<String> again = send(ClientWire.CHAT, KEYS, true);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(429);
        assertThat(again.headers().firstValue("retry-after")).hasValueSatisfying(v ->
                assertThat(Integer.parseInt(v)).isBetween(1, 2));
        assertThat(FIRST.fake().requests()).hasSize(2);
    }

    @Test
    void aTransientErrorOnTheOnlyChannelIsRetriedThereUpToMaxAttempts() throws Exception {
        FIRST.enqueue(Fault.status(503), Fault.status(500), Fault.status(502));

        HttpResponse<String> response = send(ClientWire.ANTHROPIC, KEYS, false);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
        assertThat(response.headers().firstValue("x-parley-attempts")).contains("3");
        assertThat(FIRST.fake().requests()).hasSize(3);
    }

    @Test
    void aClientErrorIsNotRetried() throws Exception {
        FIRST.enqueue(Fault.status(400));

        HttpResponse<String> response = send(ClientWire.ANTHROPIC, SAME, false);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-parley-attempts")).contains("1");
        assertThat(SECOND.fake().requests()).isEmpty();
    }

    @Test
    void aRetryAfterOnTheOnlyChannelIsWaitedFor() throws Exception {
        FIRST.enqueue(Fault.status(503, RetryAfter.seconds(1)));
        long start = System.nanoTime();

        HttpResponse<String> response = send(ClientWire.ANTHROPIC, ONLY, true);

        assertOk(ClientWire.ANTHROPIC, response, true);
        assertThat(response.headers().firstValue("x-parley-attempts")).contains("2");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        List<RecordedRequest> seen = FIRST.fake().requests();
        assertThat(seen).hasSize(2);
    }

    @Test
    void anHttpDateRetryAfterCoolsTheKeyDownUntilThen() throws Exception {
        RetryAfter inThreeSeconds = RetryAfter.at(Instant.now().plusSeconds(3));
        FIRST.enqueue(Fault.rateLimited(inThreeSeconds), Fault.rateLimited(inThreeSeconds));

        HttpResponse<String> response = send(ClientWire.CHAT, KEYS, false);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).hasValueSatisfying(v ->
                assertThat(Integer.parseInt(v)).isBetween(1, 3));
        assertThat(FIRST.fake().requests()).hasSize(2);
    }

    @ParameterizedTest(name = "{0} client, model {1}, stream={2}")
    @MethodSource("cases")
    void aProviderSilentBeforeItsHeadersThenGoneIsRetried(ClientWire client, String model, boolean stream)
            throws Exception {
        FIRST.enqueue(Fault.stallBeforeHeaders(Duration.ofMillis(200)));
        assertServedBySecondAfterOneFailure(client, model, stream);
    }

    @Test
    void aClientThatHangsUpDuringTheBackoffCancelsTheRetry() throws Exception {
        FIRST.enqueue(Fault.status(503, RetryAfter.seconds(2)));
        HttpRequest request = HttpRequest.newBuilder(parley.uri(ClientWire.ANTHROPIC.path(ONLY, false)))
                .headers(ClientWire.ANTHROPIC.headers(TestParley.KEY).entrySet().stream()
                        .flatMap(h -> Stream.of(h.getKey(), h.getValue())).toArray(String[]::new))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ClientWire.ANTHROPIC.text(ONLY, false, "Hi"))).build();
        CompletableFuture<HttpResponse<String>> pending = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofString());
        FIRST.fake().awaitRequests(1, Duration.ofSeconds(5));

        pending.cancel(true);

        // Past the moment the retry was due: the provider never hears from this request again.
        await().pollDelay(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(FIRST.fake().requests()).hasSize(1));
    }

    @ParameterizedTest(name = "{0} client, stream={2}")
    @MethodSource("cases")
    void aRequestTooLongForItsModelGoesToTheFallbackModel(ClientWire client, String model, boolean stream)
            throws Exception {
        FIRST.enqueue(Fault.status(400).withMessage("prompt is too long: 250000 tokens > 200000 maximum"));

        HttpResponse<String> response = send(client, "small", stream);

        assertOk(client, response, stream);
        assertThat(response.headers().firstValue("x-parley-attempts")).contains("2");
        assertThat(response.headers().firstValue("x-parley-provider")).contains("second-chat");
        assertThat(response.headers().firstValue("x-parley-upstream-model")).contains("up-big");
        assertThat(SECOND.fake().lastRequest().json().orElseThrow().path("model").asString()).isEqualTo("up-big");
    }

    @Test
    void withoutAFallbackATooLongRequestIsTheClientsError() throws Exception {
        FIRST.enqueue(Fault.status(400).withMessage("prompt is too long: 250000 tokens > 200000 maximum"));

        HttpResponse<String> response = send(ClientWire.ANTHROPIC, ONLY, false);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("prompt is too long");
        assertThat(FIRST.fake().requests()).hasSize(1);
    }

    @Test
    void whenEveryKeyOfTheModelCoolsDownItsFallbackServes() throws Exception {
        FIRST.enqueue(Fault.rateLimited(RetryAfter.seconds(30)));

        HttpResponse<String> first = send(ClientWire.ANTHROPIC, "small", true);
        HttpResponse<String> second = send(ClientWire.GEMINI, "small", false);

        assertOk(ClientWire.ANTHROPIC, first, true);
        assertThat(first.headers().firstValue("x-parley-attempts")).contains("2");
        assertOk(ClientWire.GEMINI, second, false);
        assertThat(second.headers().firstValue("x-parley-attempts")).contains("1");
        assertThat(second.headers().firstValue("x-parley-provider")).contains("second-chat");
        assertThat(FIRST.fake().requests()).hasSize(1);
        assertThat(SECOND.fake().requests()).hasSize(2);
    }

    @Test
    void aModelsOwnRetrySettingsWin() throws Exception {
        FIRST.enqueue(Fault.status(500));

        HttpResponse<String> response = send(ClientWire.ANTHROPIC, "once", false);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
        assertThat(response.headers().firstValue("x-parley-attempts")).contains("1");
        assertThat(SECOND.fake().requests()).isEmpty();
    }

    private void assertServedBySecondAfterOneFailure(ClientWire client, String model, boolean stream) throws Exception {
        HttpResponse<String> response = send(client, model, stream);

        assertOk(client, response, stream);
        assertThat(response.headers().firstValue("x-parley-attempts")).contains("2");
        assertThat(response.headers().firstValue("x-parley-provider")).contains(model.equals(SAME) ? "second"
                : "second-chat");
        assertThat(FIRST.fake().requests()).hasSize(1);
        assertThat(SECOND.fake().requests()).hasSize(1);
    }

    private static void assertOk(ClientWire client, HttpResponse<String> response, boolean stream) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        ClientWire.Answer answer = client.read(response.body(), stream);
        assertThat(answer.text()).as(response.body()).isEqualTo(DEFAULT_TEXT);
        if (stream) {
            assertThat(answer.cleanEnd()).as(response.body()).isTrue();
        }
    }

    private HttpResponse<String> send(ClientWire client, String model, boolean stream) throws Exception {
        return parley.send("POST", client.path(model, stream), client.headers(TestParley.KEY),
                client.text(model, stream, "Hi"));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
