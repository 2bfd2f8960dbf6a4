package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.usage.AttemptLog;
import dev.parley.core.usage.AttemptOutcome;
import dev.parley.core.usage.UsageRecord;
import dev.parley.store.Database;
import dev.parley.store.UsageRepository;
import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.Fault;
import dev.parley.testkit.Reply;
import dev.parley.testkit.RetryAfter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Channel health on live traffic, over real sockets: two OpenAI-compatible fake providers, {@code a} and {@code b},
 * serve model {@code pair} in one tier (and {@code ordered} in two). A channel failing in a row gets its circuit
 * opened and no traffic until one live probe after its cool-off; a slow channel gets less traffic than a fast
 * one. A fresh Parley per test, since health is remembered.
 */
class ChannelHealthTest {

    private static final String MASTER = "pk-master-0123456789abcdef";
    private static final String KEY_A = "sk-a-first-0123456789";
    private static final String TEXT = "Hello from the fake provider.";
    /** Long enough that the requests made while a circuit is open all fit in it, even on a loaded machine. */
    private static final Duration COOL_OFF = Duration.ofSeconds(2);
    /** How slow the healthy channel is made where the failing one must keep winning comparisons until it trips. */
    private static final Duration SLOW = Duration.ofMillis(150);

    @RegisterExtension
    static final FakeProviderExtension A = new FakeProviderExtension();
    @RegisterExtension
    static final FakeProviderExtension B = new FakeProviderExtension();

    @TempDir
    Path dataDir;
    private TestParley parley;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() {
        parley = TestParley.start(yaml(""), dataDir);
    }

    @AfterEach
    void stop() {
        parley.close();
    }

    private String yaml(String checkOfA) {
        return """
                server: {host: 127.0.0.1, port: 0, data_dir: "%s", shutdown_grace: 1s}
                retries: {max_attempts: 3, base_delay: 1ms, max_delay: 5ms, deadline: 10s}
                health: {consecutive_failures: 3, minimum_calls: 1000, base_cool_off: %dms, max_cool_off: %dms}
                master_key: "%s"
                providers:
                  - {name: a, type: openai-compatible, base_url: "%s/v1", keys: ["%s", "sk-a-second-0123456789"]%s}
                  - {name: b, type: openai-compatible, base_url: "%s/v1", keys: ["sk-b-0123456789"]}
                models:
                  - {name: pair, routes: [{provider: a, model: up-a}, {provider: b, model: up-b}]}
                  - {name: ordered, routes: [{provider: a, model: up-a}, {provider: b, model: up-b, priority: 1}]}
                keys:
                  - {name: ci, key: "%s"}
                """.formatted(dataDir, COOL_OFF.toMillis(), COOL_OFF.toMillis(), MASTER, A.baseUrl(), KEY_A, checkOfA,
                B.baseUrl(), TestParley.KEY);
    }

    @Test
    void aFailingChannelIsCutOffThenProbedOnceAndClosedWhenItRecovers() throws Exception {
        tripA();
        assertThat(channel("pair", "a").path("circuit").path("state").asString()).isEqualTo("open");
        assertThat(channel("pair", "a").path("failures").asLong()).isEqualTo(3);

        // Within the cool-off every request goes straight to the other channel of the tier.
        int beforeB = B.fake().requests().size();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = ask("pair");
            assertServed(response);
            assertThat(response.headers().firstValue("x-parley-provider")).contains("b");
            assertThat(response.headers().firstValue("x-parley-attempts")).contains("1");
        }
        assertThat(A.fake().requests()).hasSize(3);
        assertThat(B.fake().requests()).hasSize(beforeB + 3);

        // After the cool-off, one live request probes the channel; its success closes the circuit.
        await().pollDelay(COOL_OFF).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            HttpResponse<String> response = ask("pair");
            assertServed(response);
            assertThat(response.headers().firstValue("x-parley-provider")).contains("a");
        });
        assertThat(A.fake().requests()).hasSize(4);
        JsonNode recovered = channel("pair", "a");
        assertThat(recovered.path("circuit").path("state").asString()).isEqualTo("closed");
        assertThat(recovered.path("successes").asLong()).isEqualTo(1);
    }

    @Test
    void aSlowChannelGetsLessTrafficThanAFastOneOfTheSameTier() throws Exception {
        A.fake().defaultAnswer(Reply.text(TEXT).withHeaderDelay(Duration.ofMillis(250)));

        int requests = 12;
        for (int i = 0; i < requests; i++) {
            assertServed(ask("pair"));
        }

        int slow = A.fake().requests().size();
        int fast = B.fake().requests().size();
        assertThat(slow + fast).isEqualTo(requests);
        assertThat(fast).as("fast %d, slow %d", fast, slow).isGreaterThan(3 * slow);
        assertThat(channel("pair", "a").path("latency_ewma_ms").asDouble())
                .isGreaterThan(channel("pair", "b").path("latency_ewma_ms").asDouble());
    }

    @Test
    void theUsageRowListsEveryAttemptOfARequestThatFailedOver() throws Exception {
        A.enqueue(Fault.status(503), Fault.status(503));

        HttpResponse<String> response = ask("ordered");

        assertServed(response);
        assertThat(response.headers().firstValue("x-parley-attempts")).contains("3");
        String requestId = response.headers().firstValue("x-parley-request-id").orElseThrow();
        try (Database database = Database.open("sqlite:" + dataDir.resolve("parley.db"))) {
            // The row is queued when the exchange ends, which may be just after the client has read its answer.
            UsageRecord row = await().atMost(Duration.ofSeconds(10)).until(() -> {
                parley.parley.flushUsage();
                return new UsageRepository(database).findByRequestId(requestId);
            }, Optional::isPresent).orElseThrow();
            List<AttemptLog> attempts = row.attemptLog();
            assertThat(attempts).hasSize(3);
            AttemptLog served = attempts.get(2);
            // Both keys of the best tier's channel first, then the next tier.
            for (AttemptLog failed : attempts.subList(0, 2)) {
                assertThat(failed.provider()).isEqualTo("a");
                assertThat(failed.upstreamModel()).isEqualTo("up-a");
                assertThat(failed.outcome()).isInstanceOfSatisfying(AttemptOutcome.HttpStatus.class,
                        s -> assertThat(s.status()).isEqualTo(503));
            }
            assertThat(attempts.subList(0, 2)).extracting(AttemptLog::keyPosition).containsExactlyInAnyOrder(1, 2);
            AttemptLog failed = attempts.get(1);
            assertThat(served.provider()).isEqualTo("b");
            assertThat(served.upstreamModel()).isEqualTo("up-b");
            assertThat(served.keyPosition()).isEqualTo(1);
            assertThat(served.outcome()).isEqualTo(AttemptOutcome.OK);
            assertThat(served.startedAfter()).isGreaterThanOrEqualTo(failed.startedAfter());
            assertThat(row.attempts()).isEqualTo(3);
        }
    }

    @Test
    void adminChannelsIsForTheMasterKeyAndNeverShowsAProviderKey() throws Exception {
        A.enqueue(Fault.rateLimited(RetryAfter.seconds(30)));
        assertServed(ask("ordered"));

        assertThat(parley.send("GET", "/admin/channels", Map.of(), "").statusCode()).isEqualTo(401);
        HttpResponse<String> notMaster = parley.get("/admin/channels", TestParley.KEY);
        assertThat(notMaster.statusCode()).isEqualTo(403);
        assertThat(json.readTree(notMaster.body()).path("error").isObject()).as(notMaster.body()).isTrue();

        HttpResponse<String> status = parley.get("/admin/channels", MASTER);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).doesNotContain(KEY_A).doesNotContain("sk-");
        JsonNode a = channel("ordered", "a");
        assertThat(a.path("upstream_model").asString()).isEqualTo("up-a");
        assertThat(a.path("priority").asInt()).isZero();
        assertThat(a.path("weight").asInt()).isEqualTo(1);
        // A rate limit is the key's problem: the channel's circuit stays closed and the key cools down.
        assertThat(a.path("circuit").path("state").asString()).isEqualTo("closed");
        assertThat(a.path("failures").asLong()).isZero();
        assertThat(a.path("successes").asLong()).as("the other key served").isEqualTo(1);
        assertThat(a.path("in_flight").asInt()).isZero();
        assertThat(a.path("success_rate").asDouble()).isEqualTo(1.0);
        assertThat(a.path("keys").valueStream().map(k -> k.path("key").asString()).toList())
                .containsExactly("#key1", "#key2");
        assertThat(a.path("keys").valueStream().map(k -> k.path("state").asString()).toList())
                .containsExactlyInAnyOrder("cooling", "usable");
        JsonNode b = channel("ordered", "b");
        assertThat(b.path("circuit").path("state").asString()).isEqualTo("closed");
        assertThat(b.path("successes").asLong() + b.path("failures").asLong()).isZero();
    }

    @Test
    void theStatusPageCountsEachChannelsAttemptsOverItsWindows() throws Exception {
        A.enqueue(Fault.rateLimited(RetryAfter.seconds(30)), Fault.status(503));
        // ordered: a's first key is rate limited, its second gets a 503, then b serves; then a serves twice.
        assertServed(ask("ordered"));
        assertServed(ask("ordered"));
        assertServed(ask("ordered"));

        assertThat(parley.get("/admin/channels/status", TestParley.KEY).statusCode()).isEqualTo(403);
        JsonNode a = status("a");
        assertThat(a.path("models").valueStream().map(JsonNode::asString).toList()).containsExactly("pair", "ordered");
        for (String span : List.of("5m", "1h", "24h")) {
            JsonNode w = a.path("windows").path(span);
            assertThat(w.path("attempts").asLong()).as(span).isEqualTo(4);
            assertThat(w.path("rate_limited").asLong()).as(span).isEqualTo(1);
            assertThat(w.path("failures").asLong()).as(span).isEqualTo(1);
            assertThat(w.path("successes").asLong()).as(span).isEqualTo(2);
            assertThat(w.path("success_rate").asDouble()).as(span).isEqualTo(0.6667);
            assertThat(w.path("rate_limited_rate").asDouble()).as(span).isEqualTo(0.25);
            assertThat(w.path("latency_ms").path("p95").asDouble()).as(span).isPositive();
            assertThat(w.path("ttft_ms").path("p50").asDouble()).as(span).isPositive();
        }
        JsonNode b = status("b");
        assertThat(b.path("windows").path("5m").path("attempts").asLong()).isEqualTo(1);
        assertThat(b.path("circuit").path("state").asString()).isEqualTo("closed");
    }

    @Test
    void theWindowsAreTheLedgersSoARestartKeepsThemWhileTheLiveStateStartsAfresh() throws Exception {
        A.enqueue(Fault.rateLimited(RetryAfter.seconds(30)), Fault.status(503));
        assertServed(ask("ordered"));
        assertServed(ask("ordered"));
        JsonNode before = status("a");
        assertThat(before.at("/windows/1h/attempts").asLong()).isEqualTo(3);
        assertThat(before.at("/windows/1h/rate_limited").asLong()).isEqualTo(1);
        assertThat(before.at("/windows/24h/failures").asLong()).isEqualTo(1);
        assertThat(before.path("keys").valueStream().map(k -> k.path("state").asString()).toList())
                .contains("cooling");

        parley.close();
        parley = TestParley.start(yaml(""), dataDir);

        JsonNode after = status("a");
        assertThat(after.path("windows")).as("read from the ledger's rollups").isEqualTo(before.path("windows"));
        assertThat(after.path("keys").valueStream().map(k -> k.path("state").asString()).toList())
                .as("cool-downs are this instance's, live").containsOnly("usable");
        assertThat(status("b").at("/windows/24h/successes").asLong()).isEqualTo(1);
    }

    @Test
    void aPassingHealthCheckEndsALongCoolOffSoTheNextRequestProbes() throws Exception {
        parley.close();
        parley = TestParley.start(yaml(", health_check: {interval: 100ms}").replace(
                "base_cool_off: 2000ms, max_cool_off: 2000ms", "base_cool_off: 10m, max_cool_off: 10m"), dataDir);
        tripA();
        assertThat(channel("pair", "a").path("circuit").path("state").asString()).isEqualTo("open");

        // The check is a model list, never a generation; it succeeds, and the ten-minute cool-off ends.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(A.fake().requests()).anySatisfy(r -> assertThat(r.path()).isEqualTo("/v1/models")));
        assertThat(generations(A)).isEqualTo(3);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(channel("pair", "a").path("circuit").path("probe_in_ms").asLong(-1)).isZero());

        HttpResponse<String> probe = ask("pair");
        assertServed(probe);
        assertThat(probe.headers().firstValue("x-parley-provider")).contains("a");
        assertThat(channel("pair", "a").path("circuit").path("state").asString()).isEqualTo("closed");
    }

    /**
     * Three failures in a row on channel {@code a} open its circuit; each request that meets one is served by
     * {@code b}. Through the model that has {@code a} in the better tier, so that every request tries {@code a}
     * first whatever the scores (a loaded machine can make a failing channel look slow); the circuit belongs to
     * the channel, so {@code pair} sees it open too. {@code b} stays slow, as the later steps expect.
     */
    private void tripA() throws Exception {
        A.enqueue(Fault.status(500), Fault.status(502), Fault.status(503));
        B.fake().defaultAnswer(Reply.text(TEXT).withHeaderDelay(SLOW));
        for (int sent = 0; generations(A) < 3 && sent < 10; sent++) {
            assertServed(ask("ordered"));
        }
        assertThat(generations(A)).isEqualTo(3);
    }

    /** The requests a provider got to generate an answer (health checks are not counted). */
    private static long generations(FakeProviderExtension provider) {
        return provider.fake().requests().stream().filter(r -> r.method().equals("POST")).count();
    }

    private HttpResponse<String> ask(String model) throws Exception {
        return parley.post("/v1/chat/completions", TestParley.KEY, ClientWire.CHAT.text(model, false, "Hi"));
    }

    private static void assertServed(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(ClientWire.CHAT.read(response.body(), false).text()).as(response.body()).isEqualTo(TEXT);
    }

    /**
     * One channel (by provider) in {@code GET /admin/channels/status}, once the ledger has the rows written so far:
     * its windows are the ledger's rollups.
     */
    private JsonNode status(String provider) throws Exception {
        parley.parley.flushUsage();
        HttpResponse<String> page = parley.get("/admin/channels/status", MASTER);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).doesNotContain(KEY_A).doesNotContain("sk-");
        return json.readTree(page.body()).path("channels").valueStream()
                .filter(c -> c.path("provider").asString().equals(provider)).findFirst()
                .orElseThrow(() -> new AssertionError("no channel of " + provider + " in " + page.body()));
    }

    /** One channel of a model in {@code GET /admin/channels}. */
    private JsonNode channel(String model, String provider) throws Exception {
        HttpResponse<String> status = parley.get("/admin/channels", MASTER);
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        for (JsonNode m : json.readTree(status.body()).path("models")) {
            if (m.path("model").asString().equals(model)) {
                for (JsonNode c : m.path("channels")) {
                    if (c.path("provider").asString().equals(provider)) {
                        return c;
                    }
                }
            }
        }
        throw new AssertionError("no channel " + provider + " of " + model + " in " + status.body());
    }
}
