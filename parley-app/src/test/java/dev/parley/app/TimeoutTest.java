package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.Fault;
import dev.parley.testkit.Reply;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The upstream timeouts over real sockets: two fake providers, each configured once per provider type, so that
 * every client protocol has a model served in its own protocol ({@code same-*}: the pass-through relay) and one
 * served in another ({@code cross-*}: the translating relay), each with a first channel on {@code FIRST} and a
 * lower-priority one on {@code SECOND}. Those models wait 300 ms for a first token or between events, and 1 s in
 * all; the first Anthropic provider waits 300 ms for a first token, which model {@code patient} raises.
 */
class TimeoutTest {

    private static final String DEFAULT_TEXT = "Hello from the fake provider.";
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration TOTAL = Duration.ofSeconds(1);
    /** Longer than any limit under test: the fake stays silent until Parley gives up on it. */
    private static final Duration STALL = Duration.ofSeconds(5);

    @RegisterExtension
    static final FakeProviderExtension FIRST = new FakeProviderExtension();
    @RegisterExtension
    static final FakeProviderExtension SECOND = new FakeProviderExtension();

    @TempDir
    static Path dataDir;
    private static TestParley parley;

    @BeforeAll
    static void start() {
        parley = TestParley.start(yaml(), dataDir);
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    private static String yaml() {
        String timed = "timeouts: {first_token: 300ms, idle: 300ms, total: 1s}";
        StringBuilder yaml = new StringBuilder("""
                server: {host: 127.0.0.1, port: 0, data_dir: "%s", shutdown_grace: 1s}
                retries: {max_attempts: 3, base_delay: 10ms, max_delay: 50ms, deadline: 20s, budget_percent: 1000}
                timeouts: {first_token: 5s, idle: 5s, total: 20s}
                # One Parley serves every case, so the first channels fail again and again: their circuits stay
                # closed here, as the cases are about timeouts, not breakers.
                health: {consecutive_failures: 1000000, minimum_calls: 1000000}
                providers:
                """.formatted(dataDir));
        for (String fake : List.of("first", "second")) {
            String base = fake.equals("first") ? FIRST.baseUrl() : SECOND.baseUrl();
            String own = fake.equals("first") ? ", timeouts: {first_token: 300ms, idle: 1s}" : "";
            yaml.append("""
                      - {name: %1$s-anthropic, type: anthropic, base_url: "%2$s", keys: ["sk-%1$s-0123456789"]%3$s}
                      - {name: %1$s-chat, type: openai-compatible, base_url: "%2$s/v1", keys: ["sk-%1$s-0123456789"]}
                      - {name: %1$s-responses, type: openai, base_url: "%2$s/v1", keys: ["sk-%1$s-0123456789"]}
                      - {name: %1$s-gemini, type: gemini, base_url: "%2$s", keys: ["sk-%1$s-0123456789"]}
                    """.formatted(fake, base, own));
        }
        yaml.append("models:\n");
        for (String type : List.of("anthropic", "chat", "responses", "gemini")) {
            yaml.append(model("same-" + type, type, type, timed));
        }
        yaml.append(model("cross-a", "anthropic", "chat", timed))
                .append(model("cross-c", "chat", "anthropic", timed))
                .append(model("patient", "anthropic", "anthropic", "timeouts: {first_token: 3s}"))
                .append(model("plain", "anthropic", "anthropic", ""))
                .append("keys:\n  - {name: ci, key: \"%s\"}\n".formatted(TestParley.KEY));
        return yaml.toString();
    }

    private static String model(String name, String first, String second, String extra) {
        return "  - {name: %s, routes: [{provider: first-%s, model: up-1}, {provider: second-%s, model: up-2, priority: 1}]%s}\n"
                .formatted(name, first, second, extra.isEmpty() ? "" : ", " + extra);
    }

    /** Each client protocol with its same-protocol model and a cross-protocol one. */
    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (ClientWire client : ClientWire.values()) {
            all.add(Arguments.of(client, same(client)));
            all.add(Arguments.of(client, cross(client)));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} client, model {1}")
    @MethodSource("cases")
    void aStreamSilentBeforeItsHeadersIsServedByTheNextChannel(ClientWire client, String model) throws Exception {
        FIRST.enqueue(Fault.stallBeforeHeaders(STALL));
        long start = System.nanoTime();

        HttpResponse<String> response = send(client, model, true);

        assertServedBySecond(client, model, response, true);
        assertThat(elapsedSince(start)).isGreaterThanOrEqualTo(SHORT);
        FIRST.fake().awaitClientHangUps(1, STALL);
    }

    @ParameterizedTest(name = "{0} client, model {1}")
    @MethodSource("cases")
    void aWholeAnswerSilentBeforeItsHeadersIsServedByTheNextChannel(ClientWire client, String model)
            throws Exception {
        FIRST.enqueue(Fault.stallBeforeHeaders(STALL));
        long start = System.nanoTime();

        HttpResponse<String> response = send(client, model, false);

        assertServedBySecond(client, model, response, false);
        assertThat(elapsedSince(start)).isGreaterThanOrEqualTo(TOTAL);
        FIRST.fake().awaitClientHangUps(1, STALL);
    }

    @ParameterizedTest(name = "{0} client, model {1}")
    @MethodSource("cases")
    void aStreamThatStopsAfterItsPreambleIsServedByTheNextChannelAsOneMessage(ClientWire client, String model)
            throws Exception {
        FIRST.enqueue(Fault.stallAfterChunks(preambleEvents(firstUpstream(model)), STALL));
        long start = System.nanoTime();

        HttpResponse<String> response = send(client, model, true);

        assertServedBySecond(client, model, response, true);
        assertThat(elapsedSince(start)).isGreaterThanOrEqualTo(SHORT);
        startMarker(client).ifPresent(marker ->
                assertThat(occurrences(response.body(), marker)).as(response.body()).isEqualTo(1));
        assertThat(FIRST.fake().awaitClientHangUps(1, STALL).getFirst().eventsSent())
                .isEqualTo(preambleEvents(firstUpstream(model)));
    }

    @ParameterizedTest(name = "{0} client, model {1}")
    @MethodSource("cases")
    void aStreamSilentAfterItsOutputEndsWithTheProtocolsTimeoutError(ClientWire client, String model)
            throws Exception {
        FIRST.enqueue(Fault.stallAfterChunks(preambleEvents(firstUpstream(model)) + 2, STALL)
                .during(Reply.text("one two three four five six").withTextChunks(6)));
        long start = System.nanoTime();

        HttpResponse<String> response = send(client, model, true);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        ClientWire.Answer answer = client.read(response.body(), true);
        assertThat(answer.text()).as(response.body()).startsWith("one").isNotEqualTo("one two three four five six");
        assertThat(answer.cleanEnd()).as(response.body()).isFalse();
        assertThat(answer.streamError()).as(response.body()).hasValueSatisfying(error ->
                assertThat(error.toString()).contains("timeouts.idle"));
        assertThat(elapsedSince(start)).isGreaterThanOrEqualTo(SHORT);
        assertThat(response.headers().firstValue("x-parley-attempts")).contains("1");
        assertThat(FIRST.fake().requests()).hasSize(1);
        assertThat(SECOND.fake().requests()).isEmpty();
        FIRST.fake().awaitClientHangUps(1, STALL);
    }

    /** The same slow answer, 500 ms to the headers, is cut by the provider's 300 ms but not by the model's 3 s. */
    @ParameterizedTest(name = "{0} client")
    @EnumSource(ClientWire.class)
    void aSlowButHealthyFirstTokenWithinTheModelsTimeoutIsNotCut(ClientWire client) throws Exception {
        FIRST.enqueue(slowReply());
        long start = System.nanoTime();

        HttpResponse<String> response = send(client, "patient", true);

        assertOk(client, response, true);
        assertThat(elapsedSince(start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(response.headers().firstValue("x-parley-provider")).contains("first-anthropic");
        assertThat(response.headers().firstValue("x-parley-attempts")).contains("1");
        assertThat(FIRST.fake().requests()).hasSize(1);
        assertThat(SECOND.fake().requests()).isEmpty();
    }

    @ParameterizedTest(name = "{0} client")
    @EnumSource(ClientWire.class)
    void withoutATimeoutOfItsOwnAModelWaitsAsLongAsItsProvider(ClientWire client) throws Exception {
        FIRST.enqueue(slowReply());

        HttpResponse<String> response = send(client, "plain", true);

        assertOk(client, response, true);
        assertThat(response.headers().firstValue("x-parley-provider")).contains("second-anthropic");
        assertThat(response.headers().firstValue("x-parley-attempts")).contains("2");
        assertThat(FIRST.fake().requests()).hasSize(1);
        assertThat(SECOND.fake().requests()).hasSize(1);
    }

    private static Reply slowReply() {
        return Reply.text(DEFAULT_TEXT).withHeaderDelay(Duration.ofMillis(500)).withChunkDelay(Duration.ofMillis(50));
    }

    private static String same(ClientWire client) {
        return switch (client) {
            case CHAT -> "same-chat";
            case RESPONSES -> "same-responses";
            case ANTHROPIC -> "same-anthropic";
            case GEMINI -> "same-gemini";
        };
    }

    private static String cross(ClientWire client) {
        return client == ClientWire.ANTHROPIC ? "cross-c" : "cross-a";
    }

    /** The protocol the first channel of {@code model} answers in. */
    private static String firstUpstream(String model) {
        return switch (model) {
            case "cross-a" -> "anthropic";
            case "cross-c" -> "chat";
            default -> model.substring("same-".length());
        };
    }

    /**
     * How many events each protocol sends before its first text: Anthropic's {@code message_start}, {@code ping}
     * and empty {@code content_block_start}; Chat's role chunk; Responses' {@code response.created},
     * {@code response.in_progress}, {@code output_item.added} and {@code content_part.added}; Gemini none.
     */
    private static int preambleEvents(String upstream) {
        return switch (upstream) {
            case "anthropic" -> 3;
            case "chat" -> 1;
            case "responses" -> 4;
            default -> 0;
        };
    }

    /** What opens a message in the client's stream, where its protocol has such an event. */
    private static Optional<String> startMarker(ClientWire client) {
        return switch (client) {
            case ANTHROPIC -> Optional.of("event: message_start");
            case RESPONSES -> Optional.of("\"type\":\"response.created\"");
            case CHAT -> Optional.of("\"role\":\"assistant\"");
            case GEMINI -> Optional.empty();
        };
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    private static void assertServedBySecond(ClientWire client, String model, HttpResponse<String> response,
                                             boolean stream) {
        assertOk(client, response, stream);
        assertThat(response.headers().firstValue("x-parley-attempts")).contains("2");
        assertThat(response.headers().firstValue("x-parley-provider")).hasValueSatisfying(provider ->
                assertThat(provider).startsWith("second-"));
        assertThat(FIRST.fake().requests()).as(model).hasSize(1);
        assertThat(SECOND.fake().requests()).as(model).hasSize(1);
    }

    private static void assertOk(ClientWire client, HttpResponse<String> response, boolean stream) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        ClientWire.Answer answer = client.read(response.body(), stream);
        assertThat(answer.text()).as(response.body()).isEqualTo(DEFAULT_TEXT);
        if (stream) {
            assertThat(answer.cleanEnd()).as(response.body()).isTrue();
        }
    }

    private static Duration elapsedSince(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static HttpResponse<String> send(ClientWire client, String model, boolean stream) throws Exception {
        return parley.send("POST", client.path(model, stream), client.headers(TestParley.KEY),
                client.text(model, stream, "Hi"));
    }
}
