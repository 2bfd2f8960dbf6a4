package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.parley.testkit.FakeProviderExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * {@code /metrics} and the JSON access log, read as Prometheus and a log shipper read them, after traffic through a
 * real Parley on SQLite in front of a fake provider (12 input and 7 output tokens an answer, priced at $0.001 and
 * $0.01 a token): requests, tokens and dollars counted by configured model, a model nobody configured under
 * {@code other}, channels followed, and never a key, a key's name, a team or a request id in a label; the access log
 * one JSON object per request with who and how, never what was said.
 */
class ObservabilityTest {

    @RegisterExtension
    static final FakeProviderExtension UPSTREAM = new FakeProviderExtension();

    @TempDir
    static Path dataDir;

    static TenantParley parley;
    static TenantParley.Tenant tenant;
    static final List<String> ACCESS = new CopyOnWriteArrayList<>();
    static Capture capture;

    private static final String QUESTION = "How far is the moon from the lighthouse?";

    @BeforeAll
    static void start() {
        capture = Capture.attach();
        parley = TenantParley.inFrontOf(UPSTREAM.baseUrl(), dataDir);
        tenant = parley.tenant("observed");
        parley.reload();
    }

    @AfterAll
    static void stop() {
        parley.close();
        capture.detach();
    }

    private static String chat(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION + "\"}]}";
    }

    private static String scrape() throws Exception {
        HttpResponse<String> metrics = parley.parley.send("GET", "/metrics",
                Map.of("authorization", "Bearer " + TenantParley.MASTER), "");
        assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain");
        return metrics.body();
    }

    /** The sum of the samples of {@code name} whose labels pass {@code labels}. */
    private static double sum(String text, String name, Predicate<String> labels) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)} (\\S+)$").matcher(text);
        double total = 0;
        while (m.find()) {
            if (labels.test(m.group(1))) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    @Test
    void requestsTokensAndDollarsAreCountedByModelAndNoIdentityIsALabel() throws Exception {
        double before = sum(scrape(), "parley_requests_total", l -> l.contains("model=\"gpt-test\""));
        for (int i = 0; i < 3; i++) {
            assertThat(tenant.chat(chat("gpt-test")).statusCode()).isEqualTo(200);
        }
        assertThat(parley.parley.post("/v1/chat/completions", TestParley.KEY, chat("gpt-test")).statusCode())
                .isEqualTo(200);
        assertThat(tenant.chat(chat("no-such-model-" + tenant.key().id())).statusCode()).isEqualTo(404);

        // Counted when each exchange ends, which may be just after its client had the answer.
        await().untilAsserted(() -> assertThat(sum(scrape(), "parley_requests_total",
                l -> l.contains("model=\"gpt-test\""))).isEqualTo(before + 4));
        String text = scrape();
        assertThat(sum(text, "parley_requests_total", l -> l.contains("model=\"gpt-test\"")
                && l.contains("protocol=\"openai-chat\"") && l.contains("status_class=\"2xx\"")
                && l.contains("error=\"none\"") && l.contains("provider=\"fake-us\""))).isGreaterThanOrEqualTo(4);
        assertThat(sum(text, "parley_requests_total", l -> l.contains("model=\"other\"")
                && l.contains("status_class=\"4xx\""))).isGreaterThanOrEqualTo(1);
        assertThat(sum(text, "parley_tokens_total", l -> l.contains("model=\"gpt-test\"")
                && l.contains("type=\"input\""))).isGreaterThanOrEqualTo(48);
        assertThat(sum(text, "parley_tokens_total", l -> l.contains("model=\"gpt-test\"")
                && l.contains("type=\"output\""))).isGreaterThanOrEqualTo(28);
        assertThat(sum(text, "parley_cost_dollars_total", l -> l.contains("model=\"gpt-test\"")))
                .isGreaterThanOrEqualTo(4 * 0.082 - 1e-9);
        assertThat(sum(text, "parley_upstream_attempts_total", l -> l.contains("provider=\"fake-us\"")
                && l.contains("outcome=\"ok\""))).isGreaterThanOrEqualTo(4);
        assertThat(text).contains("parley_request_duration_seconds_bucket{", "parley_time_to_first_token_seconds_count{",
                "parley_gateway_overhead_seconds_bucket{", "parley_queue_depth_requests ",
                "parley_channel_circuit_open{provider=\"fake-eu\",upstream_model=\"upstream-model\"} 0",
                "parley_ledger_written_rows_total ", "parley_ledger_pending_rows ");
        // Identities and secrets belong in the ledger, never in a label.
        assertThat(text).doesNotContain(tenant.key().id(), tenant.key().name(), tenant.team().id(),
                tenant.member().id(), tenant.secret(), TestParley.KEY, "req_", "no-such-model");
    }

    @Test
    void twoHundredRequestsAtOnceAreEachCountedOnce() throws Exception {
        int clients = 200;
        Predicate<String> served = l -> l.contains("model=\"gpt-test\"") && l.contains("status_class=\"2xx\"");
        String before = scrape();
        long fakeBefore = UPSTREAM.fake().requests().size();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                answers.add(threads.submit(() -> {
                    go.await();
                    return parley.parley.post("/v1/chat/completions", TestParley.KEY, chat("gpt-test")).statusCode();
                }));
            }
            go.countDown();
            for (var answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        }
        assertThat(UPSTREAM.fake().requests().size() - fakeBefore).isEqualTo(clients);

        // Each exchange is counted when it ends, just after its client had the answer: then, every counter moved
        // by exactly the requests made, however their event loops interleaved.
        await().untilAsserted(() -> assertThat(sum(scrape(), "parley_requests_total", served)
                - sum(before, "parley_requests_total", served)).isEqualTo(clients));
        String after = scrape();
        assertThat(sum(after, "parley_request_duration_seconds_count", served)
                - sum(before, "parley_request_duration_seconds_count", served)).isEqualTo(clients);
        Predicate<String> attempts = l -> l.contains("outcome=\"ok\"") && l.contains("upstream_model=\"upstream-model\"");
        assertThat(sum(after, "parley_upstream_attempts_total", attempts)
                - sum(before, "parley_upstream_attempts_total", attempts)).isEqualTo(clients);
        Predicate<String> input = l -> l.contains("model=\"gpt-test\"") && l.contains("type=\"input\"");
        assertThat(sum(after, "parley_tokens_total", input) - sum(before, "parley_tokens_total", input))
                .isEqualTo(12.0 * clients);
        // Only the scrape itself is in flight; after a collection too (a gauge that lost its object reads NaN).
        System.gc();
        await().untilAsserted(() -> assertThat(scrape()).contains("parley_requests_in_flight_requests 1.0"));
    }

    @Test
    void onlyOrganizationAdminsAndViewersScrape() throws Exception {
        assertThat(parley.parley.send("GET", "/metrics", Map.of(), "").statusCode()).isEqualTo(401);
        assertThat(parley.parley.send("GET", "/metrics", Map.of("authorization", "Bearer " + tenant.secret()), "")
                .statusCode()).isEqualTo(403);
        assertThat(parley.parley.send("GET", "/admin/metrics", Map.of("authorization", "Bearer "
                + TenantParley.MASTER), "").body()).contains("parley_requests_in_flight_requests");
    }

    @Test
    void theAccessLogIsOneJsonObjectPerRequestWithoutWhatWasSaid() throws Exception {
        HttpResponse<String> answer = tenant.chat(chat("gpt-test"));
        String id = answer.headers().firstValue("x-parley-request-id").orElseThrow();

        String line = await().until(() -> ACCESS.stream().filter(l -> l.contains(id)).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
        JsonNode json = AdminClient.JSON.readTree(line);

        assertThat(json.get("request_id").asString()).isEqualTo(id);
        assertThat(json.get("status").asInt()).isEqualTo(200);
        assertThat(json.get("path").asString()).isEqualTo("/v1/chat/completions");
        assertThat(json.get("model").asString()).isEqualTo("gpt-test");
        assertThat(json.get("provider").asString()).isEqualTo("fake-us");
        assertThat(json.get("key").asString()).isEqualTo(tenant.key().name());
        assertThat(json.get("team_id").asString()).isEqualTo(tenant.team().id());
        assertThat(json.get("input_tokens").asLong()).isEqualTo(12);
        assertThat(json.get("output_tokens").asLong()).isEqualTo(7);
        assertThat(json.get("cost").asString()).isEqualTo("0.0820000000");
        assertThat(json.get("duration_ms").asDouble()).isPositive();
        assertThat(line).doesNotContain(QUESTION, tenant.secret(), TestParley.PROVIDER_KEY, "lighthouse");
        assertThat(ACCESS).allSatisfy(l -> assertThat(AdminClient.JSON.readTree(l).isObject()).isTrue());
    }

    /** The access logger's events, as the line each one writes. */
    private static final class Capture extends AppenderBase<ILoggingEvent> {
        private ch.qos.logback.classic.Logger access;

        static Capture attach() {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            Capture capture = new Capture();
            capture.access = context.getLogger("parley.access");
            capture.setContext(context);
            capture.start();
            capture.access.addAppender(capture);
            return capture;
        }

        void detach() {
            access.detachAppender(this);
            stop();
        }

        @Override
        protected void append(ILoggingEvent event) {
            ACCESS.add(event.getFormattedMessage());
        }
    }
}
