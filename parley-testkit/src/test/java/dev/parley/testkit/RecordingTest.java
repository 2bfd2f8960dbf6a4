package dev.parley.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RecordingTest {

    @RegisterExtension
    static final FakeProviderExtension upstream = new FakeProviderExtension();

    private static final Duration GENEROUS = Duration.ofSeconds(10);

    @Test
    void recordsEveryPartOfTheRequest() {
        String body = "{\"model\":\"claude-haiku\",\"max_tokens\":8,\"stream\":true,\"messages\":[]}";
        Instant before = Instant.now();
        long beforeNanos = System.nanoTime();

        TestHttp.post(upstream.fake(), "/v1/messages?beta=true", body, "x-api-key", "sk-test",
                "anthropic-version", "2023-06-01");

        RecordedRequest request = upstream.fake().lastRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo("/v1/messages?beta=true");
        assertThat(request.path()).isEqualTo("/v1/messages");
        assertThat(request.query()).hasValue("beta=true");
        assertThat(request.header("X-Api-Key")).hasValue("sk-test");
        assertThat(request.header("anthropic-version")).hasValue("2023-06-01");
        assertThat(request.header("x-missing")).isEmpty();
        assertThat(request.body()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        assertThat(request.bodyText()).isEqualTo(body);
        assertThat(request.json().orElseThrow().path("max_tokens").asInt()).isEqualTo(8);
        assertThat(request.format()).hasValue(WireFormat.ANTHROPIC);
        assertThat(request.model()).hasValue("claude-haiku");
        assertThat(request.streaming()).isTrue();
        assertThat(request.receivedAt()).isBetween(before, Instant.now());
        assertThat(request.receivedNanos()).isBetween(beforeNanos, System.nanoTime());
    }

    @Test
    void aBodyThatIsNotJsonIsStillRecorded() {
        TestHttp.post(upstream.fake(), "/v1/chat/completions", "plain words");

        RecordedRequest request = upstream.fake().lastRequest();
        assertThat(request.bodyText()).isEqualTo("plain words");
        assertThat(request.json()).isEmpty();
        assertThat(request.model()).isEmpty();
    }

    @Test
    void recordingsAreCopies() {
        TestHttp.post(upstream.fake(), Endpoint.CHAT.path(false), Endpoint.CHAT.body(false));

        RecordedRequest request = upstream.fake().lastRequest();
        request.body()[0] = 'X';
        ((tools.jackson.databind.node.ObjectNode) request.json().orElseThrow()).put("model", "changed");
        assertThat(request.bodyText()).isEqualTo(Endpoint.CHAT.body(false));
        assertThat(request.model()).hasValue("m");
        assertThat(request.json().orElseThrow().path("model").asString()).isEqualTo("m");
    }

    @Test
    void awaitingTooManyRequestsFailsWithWhatArrived() {
        TestHttp.post(upstream.fake(), Endpoint.CHAT.path(false), Endpoint.CHAT.body(false));

        assertThat(upstream.fake().awaitRequests(1, GENEROUS)).hasSize(1);
        assertThatThrownBy(() -> upstream.fake().awaitRequests(2, Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("expected at least 2 requests")
                .hasMessageContaining("/v1/chat/completions");
    }

    @Test
    void lastRequestFailsWhenNothingArrived() {
        assertThatThrownBy(() -> upstream.fake().lastRequest()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void countsCompletelyServedRepliesAndTheirTokens() {
        upstream.enqueue(Reply.text("a").withUsage(Usage.of(100, 10).withCacheRead(40)),
                Reply.text("b").withUsage(Usage.of(200, 20).withReasoning(5)),
                Reply.text("c").withUsage(Usage.of(300, 30).withCacheWrite(100)),
                Fault.cutAfterChunks(2).during(Reply.text("d").withUsage(Usage.of(1_000, 1_000))));

        TestHttp.post(upstream.fake(), Endpoint.CHAT.path(true), Endpoint.CHAT.body(true));
        TestHttp.post(upstream.fake(), Endpoint.ANTHROPIC.path(false), Endpoint.ANTHROPIC.body(false));
        TestHttp.post(upstream.fake(), Endpoint.GEMINI.path(true), Endpoint.GEMINI.body(true));
        assertThatThrownBy(() -> TestHttp.post(upstream.fake(), Endpoint.RESPONSES.path(true),
                Endpoint.RESPONSES.body(true))).isInstanceOf(java.io.UncheckedIOException.class);

        List<Served> served = upstream.fake().awaitServed(3, GENEROUS);
        assertThat(served).extracting(Served::format)
                .containsExactly(WireFormat.OPENAI_CHAT, WireFormat.ANTHROPIC, WireFormat.GEMINI);
        assertThat(served).extracting(Served::streamed).containsExactly(true, false, true);
        assertThat(upstream.fake().servedCount()).as("the cut stream is not served").isEqualTo(3);
        assertThat(upstream.fake().tokensServed()).isEqualTo(new Usage(600, 60, 40, 100, 5));
    }

    @Test
    void detectsAClientHangingUpMidStream() throws IOException {
        upstream.enqueue(Reply.text("one two three four five six seven eight").withTextChunks(8)
                .withChunkDelay(Duration.ofMillis(100)));

        Endpoint anthropic = Endpoint.ANTHROPIC;
        try (RawHttp http = RawHttp.post(upstream.fake(), anthropic.path(true), anthropic.body(true))) {
            http.next();
            http.next();
        }

        HangUp hangUp = upstream.fake().awaitClientHangUps(1, GENEROUS).getFirst();
        assertThat(hangUp.request().path()).isEqualTo("/v1/messages");
        assertThat(hangUp.eventsSent()).isBetween(2, 13);
        assertThat(upstream.fake().servedCount()).isZero();
    }

    @Test
    void detectsAClientHangingUpBeforeTheHeaders() throws IOException {
        upstream.enqueue(Reply.defaultReply().withHeaderDelay(Duration.ofSeconds(30)));

        try (Socket ignored = RawHttp.send(upstream.fake(), Endpoint.GEMINI.path(true), Endpoint.GEMINI.body(true))) {
            upstream.fake().awaitRequests(1, GENEROUS);
        }

        assertThat(upstream.fake().awaitClientHangUps(1, GENEROUS).getFirst().eventsSent()).isZero();
    }

    @Test
    void aClientTimingOutOnASlowFirstByteIsAHangUp() {
        upstream.enqueue(Reply.defaultReply().withHeaderDelay(Duration.ofSeconds(30)));

        HttpRequest request = TestHttp.request(upstream.fake(), Endpoint.CHAT.path(false))
                .timeout(Duration.ofMillis(300)).POST(HttpRequest.BodyPublishers.ofString(Endpoint.CHAT.body(false)))
                .build();
        assertThatThrownBy(() -> TestHttp.CLIENT.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);

        assertThat(upstream.fake().awaitClientHangUps(1, GENEROUS)).hasSize(1);
    }

    @Test
    void aCompleteExchangeIsNoHangUp() {
        upstream.enqueue(Reply.text("paced").withChunkDelay(Duration.ofMillis(5)));

        TestHttp.post(upstream.fake(), Endpoint.CHAT.path(true), Endpoint.CHAT.body(true));

        upstream.fake().awaitServed(1, GENEROUS);
        assertThat(upstream.fake().clientHangUps()).isEmpty();
    }

    @Test
    void pacingSpreadsTheStreamOverTime() {
        upstream.enqueue(Reply.text("abcd").withTextChunks(4).withChunkDelay(Duration.ofMillis(100)));

        long start = System.nanoTime();
        List<SseEvent> events = SseEvent.parse(
                TestHttp.post(upstream.fake(), Endpoint.ANTHROPIC.path(true), Endpoint.ANTHROPIC.body(true)).body());
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(events).hasSize(10);
        assertThat(elapsed).as("nine pauses of 100 ms").isGreaterThanOrEqualTo(Duration.ofMillis(850));
    }

    @Test
    void resetForgetsRecordingsAndScript() {
        upstream.enqueue(Fault.status(500), Fault.status(500));
        TestHttp.post(upstream.fake(), Endpoint.CHAT.path(false), Endpoint.CHAT.body(false));

        upstream.fake().reset();

        assertThat(upstream.fake().requests()).isEmpty();
        assertThat(upstream.fake().pendingAnswers()).isZero();
        assertThat(TestHttp.post(upstream.fake(), Endpoint.CHAT.path(false), Endpoint.CHAT.body(false)).statusCode())
                .isEqualTo(200);
    }
}
