package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.codec.Codecs;
import dev.parley.core.codec.StreamDecoder;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.sse.SseParser;
import dev.parley.core.tokens.UsageMeter;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageRecord;
import dev.parley.testkit.Fault;
import dev.parley.testkit.Reply;
import dev.parley.testkit.Usage;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The usage row of a passed-through stream in each protocol, which the relay meters lazily (decoding only the
 * events that carry usage or the end, the rest when an estimate needs them), against a full decode of the same
 * events: a normal end, a stream cut before its final usage, and a client that hangs up mid-stream.
 */
class PassThroughMeteringTest extends MatrixParley {

    private static final Reply REPLY = Reply.text("word ".repeat(30)).withThinking("Think first.")
            .withTextChunks(10).withUsage(Usage.of(900, 120).withCacheRead(600).withReasoning(40));

    /** Each client protocol with the provider type that speaks it, so that the stream passes through. */
    static Stream<Arguments> passThrough() {
        return Stream.of(
                Arguments.of(ClientWire.CHAT, UpstreamType.OPENAI),
                Arguments.of(ClientWire.RESPONSES, UpstreamType.OPENAI),
                Arguments.of(ClientWire.ANTHROPIC, UpstreamType.ANTHROPIC),
                Arguments.of(ClientWire.GEMINI, UpstreamType.GEMINI));
    }

    @ParameterizedTest
    @MethodSource("passThrough")
    void aCompleteStreamBillsTheProvidersFigures(ClientWire client, UpstreamType upstream) throws Exception {
        UPSTREAM.enqueue(REPLY);

        HttpResponse<String> response = send(client, upstream, true, body(client, upstream));
        assertOk(response);
        UsageRecord row = awaitRow(response);

        assertThat(row.usage().isReported()).isTrue();
        assertThat(row.usage().outputTokens()).isEqualTo(120);
        assertThat(row.usage()).isEqualTo(fullDecode(client, events(response.body()), true, row));
    }

    @ParameterizedTest
    @MethodSource("passThrough")
    void aStreamCutBeforeItsUsageIsEstimatedFromWhatArrived(ClientWire client, UpstreamType upstream)
            throws Exception {
        int sent = 6;
        UPSTREAM.enqueue(Fault.cutAfterChunks(sent).during(REPLY));

        HttpResponse<String> response = send(client, upstream, true, body(client, upstream));
        assertOk(response);
        UsageRecord row = awaitRow(response);

        assertThat(row.usage().source()).isIn(TokenUsage.Source.PARTIAL,
                new TokenUsage.Source.Estimated(TokenUsage.EstimateMethod.TOKENIZER));
        assertThat(row.usage().outputTokens()).isPositive();
        // The client got the provider's events as they came, then Parley's error event for the cut.
        List<SseEvent> received = events(response.body());
        assertThat(received).hasSize(sent + 1);
        assertThat(row.usage()).isEqualTo(fullDecode(client, received.subList(0, sent), true, row));
    }

    /**
     * Parley received more than the client read, so the exact comparison with a full decode of a hung-up stream is
     * {@code StreamMeterTest}'s, at every point of every golden stream; here the row must be an estimate of part of
     * the answer.
     */
    @ParameterizedTest
    @MethodSource("passThrough")
    void aClientThatHangsUpIsBilledAnEstimateOfWhatArrived(ClientWire client, UpstreamType upstream)
            throws Exception {
        UPSTREAM.enqueue(Reply.text("word ".repeat(30)).withTextChunks(30).withChunkDelay(Duration.ofMillis(50))
                .withUsage(Usage.of(50, 80)));
        HttpResponse<InputStream> response = parley.http().send(HttpRequest.newBuilder(
                        parley.uri(client.path(upstream.model(), true)))
                .headers(client.headers(TestParley.KEY).entrySet().stream()
                        .flatMap(h -> Stream.of(h.getKey(), h.getValue())).toArray(String[]::new))
                .POST(HttpRequest.BodyPublishers.ofString(body(client, upstream))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        String requestId = response.headers().firstValue("x-parley-request-id").orElseThrow();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            int data = 0;
            String line;
            while (data < 6 && (line = reader.readLine()) != null) {
                data += line.startsWith("data: ") ? 1 : 0;
            }
        }
        UPSTREAM.fake().awaitClientHangUps(1, Duration.ofSeconds(5));

        parley.parley.flushUsage();
        UsageRecord row = await().atMost(Duration.ofSeconds(10))
                .until(() -> ledger.findByRequestId(requestId), Optional::isPresent).orElseThrow();

        assertThat(row.errorType()).contains("client_closed");
        assertThat(row.usage().source()).isIn(TokenUsage.Source.PARTIAL,
                new TokenUsage.Source.Estimated(TokenUsage.EstimateMethod.TOKENIZER));
        assertThat(row.usage().outputTokens()).isPositive().isLessThan(80);
        assertThat(row.usage().inputTokens()).isPositive();
    }

    /** A Chat client asks for the usage chunk, so that it receives every event the provider sent. */
    private static String body(ClientWire client, UpstreamType upstream) {
        String body = client.text(upstream.model(), true, "Count to thirty.");
        return client == ClientWire.CHAT
                ? body.replace("\"stream\":true", "\"stream\":true,\"stream_options\":{\"include_usage\":true}")
                : body;
    }

    private static List<SseEvent> events(String body) {
        return new SseParser().feed(body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Every event decoded and metered, as the relay did before it decoded lazily. The request's input is taken from
     * the row: the local count of the request, needed only for an estimate, is the server's.
     */
    private static TokenUsage fullDecode(ClientWire client, List<SseEvent> events, boolean ended, UsageRecord row) {
        StreamDecoder decoder = Codecs.upstream(client.protocol).streamDecoder();
        UsageMeter meter = new UsageMeter();
        events.forEach(e -> decoder.decode(e).forEach(meter::accept));
        if (ended) {
            decoder.end().forEach(meter::accept);
        }
        return meter.settle(() -> row.usage().inputTokens());
    }
}
