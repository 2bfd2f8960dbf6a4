package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.Answer;
import dev.parley.testkit.Fault;
import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.RecordedRequest;
import dev.parley.testkit.Reply;
import dev.parley.testkit.RetryAfter;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Once a client has read a byte, Parley calls no provider again for that request: the instant the client read the
 * response head and the instants the fakes received requests are all {@link System#nanoTime()} of this JVM. Every
 * client protocol × every provider type, with each fault that can strike after output; then random fault scripts
 * on two channels, checked against the same invariant.
 */
class NoRetryAfterFirstByteTest {

    /** The faults that can strike after output (a stall is another test's business). */
    enum LateFault { CUT, ERROR_EVENT }

    /** What one channel answers, attempt by attempt, in the random scripts. */
    enum Step {
        ANSWER, RATE_LIMITED, STATUS_500, STATUS_529, DEAD_KEY, RESET, CUT_BEFORE_OUTPUT, CUT_AFTER_OUTPUT,
        ERROR_EVENT_BEFORE_OUTPUT, ERROR_EVENT_AFTER_OUTPUT
    }

    /** A model served by {@code first} (tier 0, on the first fake) and {@code second} (tier 1, on the second). */
    record Channels(String model, UpstreamType first, UpstreamType second) {
        String firstUpstream() {
            return "up-1-" + model;
        }

        String secondUpstream() {
            return "up-2-" + model;
        }
    }

    /** One random case: the client, and the steps each channel takes before it falls back to a full answer. */
    record Script(Channels channels, ClientWire client, boolean stream, List<Step> first, List<Step> second) {
        @Override
        public String toString() {
            return "%s client stream=%s; %s: %s then %s: %s".formatted(client, stream, channels.first().type, first,
                    channels.second().type, second);
        }
    }

    /** What the client saw, and when its first byte (the status line) arrived. */
    record Seen(int status, Map<String, List<String>> headers, String body, long firstByteNanos) {
        String context() {
            return status + " " + headers + "\n" + body;
        }
    }

    static final String TEXT = "one two three four five six";
    static final long SEED = 20_261_124L;
    static final int SCRIPTS = 40;
    static final int MAX_ATTEMPTS = 3;
    /** How long nothing more may arrive upstream once the client has its answer. */
    static final Duration QUIET = Duration.ofMillis(200);

    @RegisterExtension
    static final FakeProviderExtension FIRST = new FakeProviderExtension();
    @RegisterExtension
    static final FakeProviderExtension SECOND = new FakeProviderExtension();

    @TempDir
    static Path dataDir;
    static TestParley parley;

    /** One fault after output, for one client, against one provider type. */
    record LateCase(LateFault fault, ClientWire client, Channels channels) {
        @Override
        public String toString() {
            return "%s after output, %s client, %s provider".formatted(fault, client, channels.first().type);
        }
    }

    static List<LateCase> lateCases() {
        List<LateCase> all = new ArrayList<>();
        for (LateFault fault : LateFault.values()) {
            for (ClientWire client : ClientWire.values()) {
                for (UpstreamType upstream : UpstreamType.values()) {
                    // The second channel is of another type, so that a wrong retry would also be a translation.
                    UpstreamType other = UpstreamType.values()[(upstream.ordinal() + 1) % UpstreamType.values().length];
                    all.add(new LateCase(fault, client, new Channels("late-" + all.size(), upstream, other)));
                }
            }
        }
        return all;
    }

    static Stream<LateCase> matrix() {
        return lateCases().stream();
    }

    /** The random scripts, the same on every run: the seed is fixed, and shown with each case. */
    static List<Script> scripts() {
        Random random = new Random(SEED);
        List<Script> all = new ArrayList<>();
        for (int i = 0; i < SCRIPTS; i++) {
            UpstreamType[] types = UpstreamType.values();
            Channels channels = new Channels("random-" + i, types[random.nextInt(types.length)],
                    types[random.nextInt(types.length)]);
            ClientWire client = ClientWire.values()[random.nextInt(ClientWire.values().length)];
            all.add(new Script(channels, client, random.nextInt(4) != 0, steps(random), steps(random)));
        }
        return all;
    }

    private static List<Step> steps(Random random) {
        return IntStream.range(0, random.nextInt(MAX_ATTEMPTS + 1))
                .mapToObj(i -> Step.values()[random.nextInt(Step.values().length)]).toList();
    }

    static Stream<Script> randomScripts() {
        return scripts().stream();
    }

    @BeforeAll
    static void start() {
        List<Channels> all = new ArrayList<>(lateCases().stream().map(LateCase::channels).toList());
        scripts().forEach(s -> all.add(s.channels()));
        parley = TestParley.start(yaml(all), dataDir);
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void aFaultAfterOutputReachesTheClientAndNoOtherProvider(LateCase late) throws Exception {
        Channels channels = late.channels();
        ClientWire client = late.client();
        Reply partial = Reply.text(TEXT).withTextChunks(6);
        // Six events: in every protocol some text has reached the client before the fault strikes.
        FIRST.fake().forModel(channels.firstUpstream(), switch (late.fault()) {
            case CUT -> Fault.cutAfterChunks(6).during(partial);
            case ERROR_EVENT -> Fault.errorEventAfterChunks(6).during(partial);
        });

        Seen seen = send(client, channels.model(), true);

        List<RecordedRequest> heard = awaitQuiet(channels);
        String context = seen.context() + "\nheard " + heard;
        assertThat(seen.status()).as(context).isEqualTo(200);
        assertThat(heard).as(context).hasSize(1);
        assertThat(heard.getFirst().model()).as(context).contains(channels.firstUpstream());
        assertNothingAfterTheFirstByte(seen, heard);
        ClientWire.Answer answer = client.read(seen.body(), true);
        assertThat(answer.streamError()).as(context).isPresent();
        assertThat(answer.text()).as(context).isNotEmpty();
        assertThat(TEXT).as(context).startsWith(answer.text());
        StreamShape.assertOneStreamEndingInError(client, seen.body());
        assertThat(seen.headers().get("x-parley-attempts")).as(context).containsExactly("1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("randomScripts")
    void randomFaultScriptsNeverRetryAfterTheFirstByte(Script script) throws Exception {
        Channels channels = script.channels();
        FIRST.fake().forModel(channels.firstUpstream(), answers(script.first()));
        SECOND.fake().forModel(channels.secondUpstream(), answers(script.second()));

        Seen seen = send(script.client(), channels.model(), script.stream());

        List<RecordedRequest> heard = awaitQuiet(channels);
        String context = "seed " + SEED + ", " + script + "\n" + seen.context() + "\nheard " + heard;
        assertNothingAfterTheFirstByte(seen, heard);
        assertThat(heard).as(context).hasSizeBetween(1, MAX_ATTEMPTS);
        assertThat(seen.headers().get("x-parley-attempts")).as(context)
                .containsExactly(Integer.toString(heard.size()));
        if (seen.status() != 200) {
            UpstreamFailureMatrixTest.errorOf(script.client(), seen.status(), seen.body());
            return;
        }
        ClientWire.Answer answer = script.client().read(seen.body(), script.stream());
        if (answer.streamError().isPresent()) {
            assertThat(script.stream()).as(context).isTrue();
            assertThat(TEXT).as(context).startsWith(answer.text());
            StreamShape.assertOneStreamEndingInError(script.client(), seen.body());
        } else {
            assertThat(answer.text()).as(context).isEqualTo(TEXT);
            assertThat(answer.cleanEnd()).as(context).isTrue();
        }
    }

    private static void assertNothingAfterTheFirstByte(Seen seen, List<RecordedRequest> heard) {
        assertThat(heard).as("every upstream request arrived before the client's first byte: " + seen.context())
                .allSatisfy(r -> assertThat(r.receivedNanos()).isLessThan(seen.firstByteNanos()));
    }

    /**
     * The requests for this model on both fakes, once the client has its whole answer and no request has followed
     * for a while: a retry started after the answer would arrive in that time, and time the wait out.
     */
    private static List<RecordedRequest> awaitQuiet(Channels channels) {
        int settled = heard(channels).size();
        await("no upstream request after the client's answer").during(QUIET).atMost(QUIET.multipliedBy(10))
                .until(() -> heard(channels).size() == settled);
        return heard(channels);
    }

    private static List<RecordedRequest> heard(Channels channels) {
        List<RecordedRequest> all = new ArrayList<>(FaultMatrixTest.heard(FIRST.fake(), channels.firstUpstream()));
        all.addAll(FaultMatrixTest.heard(SECOND.fake(), channels.secondUpstream()));
        return all;
    }

    private static Seen send(ClientWire client, String model, boolean stream) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(parley.uri(client.path(model, stream)))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(client.text(model, stream, "Count")));
        client.headers(TestParley.KEY).forEach(request::header);
        HttpResponse<InputStream> response = parley.http().send(request.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        // The status line is the first thing the client reads; Parley sends it with its first event.
        long firstByte = System.nanoTime();
        try (InputStream in = response.body()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Seen(response.statusCode(), response.headers().map(), body, firstByte);
        }
    }

    /** The steps, then a full answer: the fake's own default would say something else. */
    private static Answer[] answers(List<Step> steps) {
        Reply full = Reply.text(TEXT).withTextChunks(6);
        return Stream.concat(steps.stream(), Stream.of(Step.ANSWER)).map(step -> switch (step) {
            case ANSWER -> full;
            case RATE_LIMITED -> Fault.rateLimited(RetryAfter.seconds(1));
            case STATUS_500 -> Fault.status(500);
            case STATUS_529 -> Fault.overloaded();
            case DEAD_KEY -> Fault.status(401);
            case RESET -> Fault.closeBeforeResponse();
            case CUT_BEFORE_OUTPUT -> Fault.cutAfterChunks(0).during(full);
            case CUT_AFTER_OUTPUT -> Fault.cutAfterChunks(6).during(full);
            case ERROR_EVENT_BEFORE_OUTPUT -> Fault.errorEventAfterChunks(0).during(full);
            case ERROR_EVENT_AFTER_OUTPUT -> Fault.errorEventAfterChunks(6).during(full);
        }).toArray(Answer[]::new);
    }

    private static String yaml(List<Channels> all) {
        StringBuilder providers = new StringBuilder();
        StringBuilder models = new StringBuilder();
        int i = 0;
        for (Channels c : all) {
            String first = "f" + i;
            String second = "s" + i++;
            providers.append(FaultMatrixTest.provider(first, c.first(), FIRST.baseUrl()))
                    .append(FaultMatrixTest.provider(second, c.second(),
                    SECOND.baseUrl()));
            models.append("  - {name: ").append(c.model()).append(", routes: [{provider: ").append(first)
                    .append(", model: ").append(c.firstUpstream()).append("}, {provider: ").append(second)
                    .append(", model: ").append(c.secondUpstream()).append(", priority: 1}]}\n");
        }
        return "server: {host: 127.0.0.1, port: 0, data_dir: \"" + dataDir + "\", shutdown_grace: 1s}\n"
                + "retries: {max_attempts: " + MAX_ATTEMPTS + ", base_delay: 10ms, max_delay: 50ms, deadline: 10s,"
                + " budget_percent: 1000}\n"
                + "providers:\n" + providers + "models:\n" + models
                + "keys:\n  - {name: ci, key: \"" + TestParley.KEY + "\"}\n";
    }
}
