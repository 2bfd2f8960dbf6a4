package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.Usage;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Two replicas on one PostgreSQL behind one fake provider: an admin change made through one takes effect on the
 * other (through its notification, or the version check when that is lost), and a replica whose database goes away
 * keeps serving with the configuration it has, journals its ledger and writes it when the database returns.
 */
// A safety net against a hang, not a timing assertion: every wait in these tests is for a condition.
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReplicasTest {

    /** What the deployment promises for a change announced by its notification. */
    private static final Duration PROPAGATION = Duration.ofSeconds(2);
    /** A change with no notification waits for the next version check (every 2 s), then reloads. */
    private static final Duration CHECKED = Duration.ofSeconds(10);
    /** A database cut: the ledger's writer gives up on the pool after its connection timeout, then spills. */
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final String TENANCY_VERSION = "parley_config_version\\{kind=\"tenancy\"}";

    @RegisterExtension
    static final FakeProviderExtension UPSTREAM = new FakeProviderExtension();

    private PostgresReplicas replicas;

    @BeforeAll
    static void requireServer() {
        PostgresReplicas.requireServer();
    }

    @BeforeEach
    void fresh() throws Exception {
        replicas = PostgresReplicas.on(UPSTREAM.baseUrl());
    }

    @AfterEach
    void stop() throws Exception {
        replicas.close();
    }

    @Test
    void aKeyMadeOnOneReplicaIsAcceptedOnTheOtherAndItsRevocationRefusedThere() throws Exception {
        TestParley a = replicas.start();
        TestParley b = replicas.start();
        JsonNode key = serviceKey(a);
        String text = key.path("key").asString();

        await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(50))
                .until(() -> chat(b, text, "gpt-test").statusCode() == 200);

        new AdminClient(a).expect(200, "POST", "/admin/keys/" + key.path("id").asString() + "/revoke",
                PostgresReplicas.MASTER, "");

        await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(50))
                .until(() -> chat(b, text, "gpt-test").statusCode() == 401);
        assertThat(chat(a, text, "gpt-test").statusCode()).isEqualTo(401);
        // Each replica shows the version it has taken and counts its reloads; all of them end on the same version.
        await().atMost(PROPAGATION).until(() -> metric(a, TENANCY_VERSION) == metric(b, TENANCY_VERSION));
        assertThat(metric(b, TENANCY_VERSION)).isGreaterThanOrEqualTo(4);
        assertThat(metric(b, "parley_config_reloads_total\\{kind=\"tenancy\",outcome=\"reloaded\"}")).isPositive();
        assertThat(metric(b, "parley_config_feed_connected")).isEqualTo(1);
    }

    @Test
    void aProviderModelAndPriceMadeOnOneReplicaServeAndPriceOnTheOther() throws Exception {
        TestParley a = replicas.start();
        TestParley b = replicas.start();
        AdminClient admin = new AdminClient(a);
        admin.post("/admin/providers", PostgresReplicas.MASTER, """
                {"name": "api-p", "type": "openai-compatible", "base_url": "%s/v1", "keys": ["sk-api-p-0123456789"]}
                """.formatted(UPSTREAM.baseUrl()));
        admin.post("/admin/models", PostgresReplicas.MASTER,
                "{\"name\": \"api-model\", \"routes\": [{\"provider\": \"api-p\", \"model\": \"model-p\"}]}");

        await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(50))
                .until(() -> chat(b, PostgresReplicas.MASTER, "api-model").statusCode() == 200);
        assertThat(UPSTREAM.fake().lastRequest().json().orElseThrow().path("model").asString()).isEqualTo("model-p");
        assertThat(UPSTREAM.fake().lastRequest().header("authorization")).contains("Bearer sk-api-p-0123456789");

        admin.expect(200, "PUT", "/admin/prices", PostgresReplicas.MASTER,
                "{\"provider\":\"api-p\",\"model\":\"model-p\",\"input\":\"2\",\"output\":\"4\"}");

        // 12 input tokens at $2 and 7 output tokens at $4 per million, the fake's usage for every answer.
        BigDecimal expected = new BigDecimal("0.000052");
        await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(50)).until(() -> {
            HttpResponse<String> served = chat(b, PostgresReplicas.MASTER, "api-model");
            b.parley.flushUsage();
            String cost = replicas.query("SELECT cost_total FROM usage_records WHERE request_id = '"
                    + served.headers().firstValue("x-parley-request-id").orElseThrow() + "'");
            return !cost.isEmpty() && new BigDecimal(cost).compareTo(expected) == 0;
        });
    }

    @Test
    void aChangeWhoseNotificationIsLostIsCaughtByTheVersionCheck() throws Exception {
        TestParley a = replicas.start();
        TestParley b = replicas.start();
        JsonNode key = serviceKey(a);
        String text = key.path("key").asString();
        await().atMost(PROPAGATION).until(() -> chat(b, text, "gpt-test").statusCode() == 200);

        // Behind Parley's back, with the triggers off (so nothing is notified), then the version bumped by hand.
        replicas.execute("SET session_replication_role = replica;"
                + " UPDATE virtual_keys SET revoked_at = 1 WHERE id = '" + key.path("id").asString() + "';"
                + " UPDATE config_versions SET version = version + 1 WHERE kind = 'tenancy'");

        await().atMost(CHECKED).pollInterval(Duration.ofMillis(100))
                .until(() -> chat(b, text, "gpt-test").statusCode() == 401);
        await().atMost(CHECKED).until(() -> chat(a, text, "gpt-test").statusCode() == 401);
    }

    @Test
    void aReplicaWhoseDatabaseIsAwayKeepsServingJournalsItsLedgerAndCatchesUpWhenItReturns() throws Exception {
        TestParley a = replicas.start();
        TcpProxy database = replicas.startBehindProxy();
        TestParley b = replicas.replica(1);
        String before = serviceKey(a).path("key").asString();
        await().atMost(PROPAGATION).until(() -> chat(b, before, "gpt-test").statusCode() == 200);

        database.cut();
        for (int i = 0; i < 10; i++) {
            assertThat(chat(b, before, "gpt-test").statusCode()).isEqualTo(200);
            assertThat(chat(b, TestParley.KEY, "gpt-test").statusCode()).isEqualTo(200);
        }
        await().atMost(OUTAGE).pollInterval(Duration.ofMillis(200)).until(() -> spilled(b) > 0);
        String during = serviceKey(a).path("key").asString();
        assertThat(chat(a, during, "gpt-test").statusCode()).isEqualTo(200);
        assertThat(chat(b, before, "gpt-test").statusCode()).isEqualTo(200);

        database.restore();

        await().atMost(CHECKED).pollInterval(Duration.ofMillis(100))
                .until(() -> chat(b, during, "gpt-test").statusCode() == 200);
        long served = UPSTREAM.fake().servedCount();
        Usage tokens = UPSTREAM.fake().tokensServed();
        await().atMost(OUTAGE).pollInterval(Duration.ofMillis(200)).until(() -> {
            replicas.replicas().forEach(r -> r.parley.flushUsage());
            return Long.parseLong(replicas.query("SELECT count(*) FROM usage_records")) == served;
        });
        assertThat(replicas.query("SELECT sum(input_tokens) || ' ' || sum(output_tokens) FROM usage_records"))
                .isEqualTo(tokens.inputTokens() + " " + tokens.outputTokens());
        assertThat(replicas.query("SELECT count(*) FROM usage_records_default")).isEqualTo("0");
    }

    private static JsonNode serviceKey(TestParley on) throws Exception {
        AdminClient admin = new AdminClient(on);
        String team = admin.post("/admin/teams", PostgresReplicas.MASTER,
                "{\"name\":\"team-" + System.nanoTime() + "\"}").path("id").asString();
        String project = admin.post("/admin/projects", PostgresReplicas.MASTER,
                "{\"team_id\":\"" + team + "\",\"name\":\"replicated\"}").path("id").asString();
        return admin.key(PostgresReplicas.MASTER, project, "");
    }

    private static HttpResponse<String> chat(TestParley on, String key, String model) throws Exception {
        return on.post("/v1/chat/completions", key, "{\"model\":\"" + model + "\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    private static double spilled(TestParley on) throws Exception {
        return metric(on, "parley_ledger_spilled_rows_total");
    }

    /** The value of the first series whose name and labels match {@code series} (a regular expression), else -1. */
    private static double metric(TestParley on, String series) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + series + "(?:\\{[^}]*})? (\\S+)$")
                .matcher(on.get("/metrics", PostgresReplicas.MASTER).body());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
