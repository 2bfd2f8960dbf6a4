package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.protocol.Protocol;
import dev.parley.testkit.Answer;
import dev.parley.testkit.Fault;
import dev.parley.testkit.FakeProvider;
import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.RecordedRequest;
import dev.parley.testkit.Reply;
import dev.parley.testkit.RetryAfter;
import dev.parley.testkit.WireFormat;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scripted upstream fault × streaming or not × how the model is served (a second channel of the same provider
 * type, one of another type, or no second channel), with the failing provider of each of the four types. One Parley
 * for the whole class; each row has its own model and its own providers, because cooled-down and retired keys are
 * remembered. {@link #expected} is the retry policy as a client sees it.
 */
class FaultMatrixTest {

    /** The faults the failing channel answers with, once. */
    enum Kind {
        RATE_LIMITED_SECONDS, RATE_LIMITED_DATE, RATE_LIMITED_BARE, STATUS_500, STATUS_503, STATUS_529,
        RESET_BEFORE_RESPONSE, CUT_BEFORE_OUTPUT, CUT_AFTER_OUTPUT, ERROR_EVENT_BEFORE_OUTPUT,
        ERROR_EVENT_AFTER_OUTPUT, DEAD_KEY
    }

    /** Who else serves the model: a provider of the failing one's type, one of another type, nobody. */
    enum Pair { SAME, CROSS, ONLY }

    /** What the client sees, and what each fake heard. */
    enum Outcome {
        /** 200 with the second channel's answer; 2 attempts; each channel heard once. */
        FAILED_OVER,
        /** 200 with the failing channel's second answer; 2 attempts, both on it. */
        RETRIED_SAME,
        /** 200, the first channel's partial answer, then the protocol's error event; 1 attempt; nobody else asked. */
        IN_STREAM_ERROR,
        /**
         * The only key is rate limited: the request waits in the queue until the key's Retry-After has passed (the
         * backoff when it gave none), then the same channel answers; 2 attempts, both on it, the second no earlier
         * than the Retry-After allows.
         */
        WAITED_SAME,
        /** 502: the provider refused Parley's key and no other key is left; 1 attempt. */
        KEY_REFUSED
    }

    /** The policy at a glance. */
    static Outcome expected(Kind fault, Pair pair, boolean stream) {
        boolean only = pair == Pair.ONLY;
        return switch (fault) {
            case RATE_LIMITED_SECONDS, RATE_LIMITED_DATE, RATE_LIMITED_BARE ->
                    only ? Outcome.WAITED_SAME : Outcome.FAILED_OVER;
            case STATUS_500, STATUS_503, STATUS_529, RESET_BEFORE_RESPONSE, CUT_BEFORE_OUTPUT,
                 ERROR_EVENT_BEFORE_OUTPUT -> only ? Outcome.RETRIED_SAME : Outcome.FAILED_OVER;
            // Without streaming the client has not had a byte yet, whatever the provider sent.
            case CUT_AFTER_OUTPUT, ERROR_EVENT_AFTER_OUTPUT -> stream ? Outcome.IN_STREAM_ERROR
                    : only ? Outcome.RETRIED_SAME : Outcome.FAILED_OVER;
            case DEAD_KEY -> only ? Outcome.KEY_REFUSED : Outcome.FAILED_OVER;
        };
    }

    /**
     * One case. The client speaks the failing provider's own protocol when the pair is SAME or ONLY (both attempts
     * pass through), and another protocol for CROSS, whose second provider speaks the client's protocol (the failing
     * attempt is translated, the one that serves passes through).
     */
    record Row(int index, Kind fault, boolean stream, Pair pair, UpstreamType failing) {

        ClientWire client() {
            return pair == Pair.CROSS ? crossClient(failing) : nativeClient(failing);
        }

        UpstreamType second() {
            return pair == Pair.CROSS ? nativeType(client()) : failing;
        }

        String model() {
            return "row-" + index;
        }

        String firstUpstreamModel() {
            return "up-first-" + index;
        }

        String secondUpstreamModel() {
            return "up-second-" + index;
        }

        @Override
        public String toString() {
            return "%s stream=%s %s, failing %s, %s client".formatted(fault, stream, pair, failing.type, client());
        }
    }

    static final String PARTIAL = "one two three four five six";
    static final String FIRST_AGAIN = "The first provider, asked again.";
    static final String SECOND_ANSWER = "The second provider answers.";

    @RegisterExtension
    static final FakeProviderExtension FIRST = new FakeProviderExtension();
    @RegisterExtension
    static final FakeProviderExtension SECOND = new FakeProviderExtension();

    @TempDir
    static Path dataDir;
    static TestParley parley;

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Kind fault : Kind.values()) {
            for (boolean stream : List.of(false, true)) {
                for (Pair pair : Pair.values()) {
                    for (UpstreamType failing : UpstreamType.values()) {
                        rows.add(new Row(rows.size(), fault, stream, pair, failing));
                    }
                }
            }
        }
        return rows;
    }

    @BeforeAll
    static void start() {
        parley = TestParley.start(yaml(rows(), FIRST.baseUrl(), SECOND.baseUrl(), dataDir), dataDir);
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    static Stream<Row> cases() {
        return rows().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theClientSeesThePolicy(Row row) throws Exception {
        ClientWire client = row.client();
        Outcome outcome = expected(row.fault(), row.pair(), row.stream());
        FIRST.fake().forModel(row.firstUpstreamModel(), fault(row.fault()), Reply.text(FIRST_AGAIN));
        SECOND.fake().forModel(row.secondUpstreamModel(), Reply.text(SECOND_ANSWER));

        HttpResponse<String> response = parley.send("POST", client.path(row.model(), row.stream()),
                client.headers(TestParley.KEY), client.text(row.model(), row.stream(), "Hi"));

        List<RecordedRequest> first = heard(FIRST.fake(), row.firstUpstreamModel());
        List<RecordedRequest> second = heard(SECOND.fake(), row.secondUpstreamModel());
        String context = response.statusCode() + " " + response.headers().map() + "\n" + response.body()
                + "\nfirst heard " + first + "\nsecond heard " + second;
        switch (outcome) {
            case FAILED_OVER -> {
                assertAnswer(client, response, row.stream(), SECOND_ANSWER, context);
                assertThat(response.headers().firstValue("x-parley-attempts")).as(context).contains("2");
                assertThat(first).as(context).hasSize(1);
                assertThat(second).as(context).hasSize(1);
                assertThat(second.getFirst().format()).as(context)
                        .contains(wire(row.second().protocolFor(client.protocol)));
            }
            case RETRIED_SAME -> {
                assertAnswer(client, response, row.stream(), FIRST_AGAIN, context);
                assertThat(response.headers().firstValue("x-parley-attempts")).as(context).contains("2");
                assertThat(first).as(context).hasSize(2);
                assertThat(second).as(context).isEmpty();
            }
            case IN_STREAM_ERROR -> {
                assertThat(response.statusCode()).as(context).isEqualTo(200);
                ClientWire.Answer answer = client.read(response.body(), true);
                assertThat(answer.streamError()).as(context).isPresent();
                assertThat(answer.cleanEnd()).as(context).isFalse();
                assertThat(answer.text()).as(context).isNotEmpty();
                assertThat(PARTIAL).as(context).startsWith(answer.text());
                StreamShape.assertOneStreamEndingInError(client, response.body());
                assertThat(response.headers().firstValue("x-parley-attempts")).as(context).contains("1");
                assertThat(first).as(context).hasSize(1);
                assertThat(second).as(context).isEmpty();
            }
            case WAITED_SAME -> {
                assertAnswer(client, response, row.stream(), FIRST_AGAIN, context);
                assertThat(response.headers().firstValue("x-parley-attempts")).as(context).contains("2");
                assertThat(response.headers().firstValue("x-parley-queue-wait")).as(context).isPresent();
                assertThat(first).as(context).hasSize(2);
                assertThat(second).as(context).isEmpty();
                Duration gap = Duration.ofNanos(first.get(1).receivedNanos() - first.get(0).receivedNanos());
                // The HTTP date has whole seconds: "now + 3 s" may be as little as 2 s away once formatted.
                Duration least = switch (row.fault()) {
                    case RATE_LIMITED_SECONDS -> Duration.ofMillis(950);
                    case RATE_LIMITED_DATE -> Duration.ofMillis(1_950);
                    default -> Duration.ofMillis(10); // the retry's backoff: base_delay, without jitter
                };
                assertThat(gap).as(context).isGreaterThanOrEqualTo(least);
            }
            case KEY_REFUSED -> {
                assertThat(response.statusCode()).as(context).isEqualTo(502);
                UpstreamFailureMatrixTest.errorOf(client, response);
                assertThat(response.body()).as(context).doesNotContain(TestParley.PROVIDER_KEY);
                assertThat(response.headers().firstValue("x-parley-attempts")).as(context).contains("1");
                assertThat(first).as(context).hasSize(1);
            }
        }
    }

    private static void assertAnswer(ClientWire client, HttpResponse<String> response, boolean stream, String text,
                                     String context) {
        assertThat(response.statusCode()).as(context).isEqualTo(200);
        ClientWire.Answer answer = client.read(response.body(), stream);
        assertThat(answer.text()).as(context).isEqualTo(text);
        assertThat(answer.streamError()).as(context).isEmpty();
        assertThat(answer.cleanEnd()).as(context).isTrue();
    }

    static List<RecordedRequest> heard(FakeProvider fake, String upstreamModel) {
        return fake.requests().stream().filter(r -> r.model().filter(upstreamModel::equals).isPresent()).toList();
    }

    static Answer fault(Kind kind) {
        Reply partial = Reply.text(PARTIAL).withTextChunks(6);
        return switch (kind) {
            case RATE_LIMITED_SECONDS -> Fault.rateLimited(RetryAfter.seconds(1));
            case RATE_LIMITED_DATE -> Fault.rateLimited(RetryAfter.at(Instant.now().plusSeconds(3)));
            case RATE_LIMITED_BARE -> Fault.rateLimited(RetryAfter.none());
            case STATUS_500 -> Fault.status(500);
            case STATUS_503 -> Fault.status(503);
            case STATUS_529 -> Fault.overloaded();
            case RESET_BEFORE_RESPONSE -> Fault.closeBeforeResponse();
            case CUT_BEFORE_OUTPUT -> Fault.cutAfterChunks(0);
            // Six events: in every protocol some text has reached the client before the fault strikes.
            case CUT_AFTER_OUTPUT -> Fault.cutAfterChunks(6).during(partial);
            case ERROR_EVENT_BEFORE_OUTPUT -> Fault.errorEventAfterChunks(0);
            case ERROR_EVENT_AFTER_OUTPUT -> Fault.errorEventAfterChunks(6).during(partial);
            case DEAD_KEY -> Fault.status(401);
        };
    }

    /** The fake's name for a protocol. */
    static WireFormat wire(Protocol protocol) {
        return switch (protocol) {
            case OPENAI_CHAT -> WireFormat.OPENAI_CHAT;
            case OPENAI_RESPONSES -> WireFormat.OPENAI_RESPONSES;
            case ANTHROPIC_MESSAGES -> WireFormat.ANTHROPIC;
            case GEMINI -> WireFormat.GEMINI;
        };
    }

    /** The protocol a provider of this type speaks natively, as its own clients do. */
    static ClientWire nativeClient(UpstreamType type) {
        return switch (type) {
            case OPENAI -> ClientWire.RESPONSES;
            case COMPATIBLE -> ClientWire.CHAT;
            case ANTHROPIC -> ClientWire.ANTHROPIC;
            case GEMINI -> ClientWire.GEMINI;
        };
    }

    /** A client of another protocol than the provider's, a different one for each type. */
    static ClientWire crossClient(UpstreamType type) {
        return switch (type) {
            case OPENAI -> ClientWire.ANTHROPIC;
            case COMPATIBLE -> ClientWire.GEMINI;
            case ANTHROPIC -> ClientWire.CHAT;
            case GEMINI -> ClientWire.RESPONSES;
        };
    }

    /** The provider type whose protocol is the client's own. */
    static UpstreamType nativeType(ClientWire client) {
        return switch (client) {
            case CHAT -> UpstreamType.COMPATIBLE;
            case RESPONSES -> UpstreamType.OPENAI;
            case ANTHROPIC -> UpstreamType.ANTHROPIC;
            case GEMINI -> UpstreamType.GEMINI;
        };
    }

    /** Providers {@code f<i>} (in front of the first fake) and {@code s<i>} (the second), model {@code row-<i>}. */
    static String yaml(List<Row> rows, String firstUrl, String secondUrl, Path dataDir) {
        StringBuilder providers = new StringBuilder();
        StringBuilder models = new StringBuilder();
        for (Row row : rows) {
            providers.append(provider("f" + row.index(), row.failing(), firstUrl));
            String routes = "[{provider: f" + row.index() + ", model: " + row.firstUpstreamModel() + "}";
            if (row.pair() != Pair.ONLY) {
                providers.append(provider("s" + row.index(), row.second(), secondUrl));
                routes += ", {provider: s" + row.index() + ", model: " + row.secondUpstreamModel() + ", priority: 1}";
            }
            models.append("  - {name: ").append(row.model()).append(", routes: ").append(routes).append("]}\n");
        }
        // A generous budget: the class makes a few hundred retries within seconds, on purpose.
        return "server: {host: 127.0.0.1, port: 0, data_dir: \"" + dataDir + "\", shutdown_grace: 1s}\n"
                + "retries: {max_attempts: 3, base_delay: 10ms, max_delay: 50ms, deadline: 10s, budget_percent: 1000}\n"
                + "providers:\n" + providers + "models:\n" + models
                + "keys:\n  - {name: ci, key: \"" + TestParley.KEY + "\"}\n";
    }

    static String provider(String name, UpstreamType type, String baseUrl) {
        String path = switch (type) {
            case OPENAI, COMPATIBLE -> "/v1";
            case ANTHROPIC, GEMINI -> "";
        };
        return "  - {name: " + name + ", type: " + type.type + ", base_url: \"" + baseUrl + path
                + "\", keys: [\"sk-" + name + "-0123456789\"]}\n";
    }
}
