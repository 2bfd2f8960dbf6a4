package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.Fault;
import dev.parley.testkit.Reply;
import dev.parley.testkit.RetryAfter;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Three Parley replicas on one PostgreSQL schema and one Redis (the machine's, under a key prefix of this run):
 * 64 clients spread over them hold one key's rpm, one team's budget and one team's prepaid credit exactly as one
 * Parley would, checked against the ledger; what one replica learns of an upstream key or channel reaches the others
 * (by pub/sub, in milliseconds; the waits here are generous for a loaded machine, not a speed goal).
 */
class RedisReplicasTest {

    static final String REDIS = "redis://127.0.0.1:6379/0";
    static final int CLIENTS = 64;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Long enough that every one of the 64 requests is admitted or refused before the first one ends. */
    private static final Duration HELD = Duration.ofSeconds(3);

    @RegisterExtension
    static final FakeProviderExtension UPSTREAM = new FakeProviderExtension();

    @TempDir
    Path dataDir;

    @AfterEach
    void answerAtOnceAgain() {
        UPSTREAM.fake().defaultAnswer(Reply.defaultReply());
    }

    static Map<Integer, Long> statuses(List<HttpResponse<String>> responses) {
        return responses.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
    }

    /** {@code count} clients at once, client {@code i} on replica {@code i mod n}. */
    static List<HttpResponse<String>> spread(RedisReplicas replicas, RedisReplicas.Tenant tenant, String body)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                TestParley replica = replicas.replica(next.getAndIncrement());
                sent.add(clients.submit(() -> {
                    start.await();
                    return tenant.chat(replica, body);
                }));
            }
            start.countDown();
            List<HttpResponse<String>> results = new ArrayList<>();
            for (Future<HttpResponse<String>> f : sent) {
                results.add(f.get());
            }
            return results;
        }
    }

    @Test
    void sixtyFourClientsOverThreeReplicasHoldOneRpmLimit() throws Exception {
        try (RedisReplicas replicas = new RedisReplicas(3, UPSTREAM.baseUrl(), dataDir, REDIS, "open",
                "retries: {max_attempts: 1}")) {
            RedisReplicas.Tenant tenant = replicas.tenant("rpm");
            replicas.limits(tenant.key(), 10);
            long servedBefore = UPSTREAM.fake().servedCount();

            List<HttpResponse<String>> responses = spread(replicas, tenant, RedisReplicas.chat(10));

            assertThat(statuses(responses)).isEqualTo(Map.of(200, 10L, 429, 54L));
            await().untilAsserted(() -> assertThat(UPSTREAM.fake().servedCount() - servedBefore).isEqualTo(10));
            HttpResponse<String> refused = responses.stream().filter(r -> r.statusCode() == 429).findFirst()
                    .orElseThrow();
            assertThat(JSON.readTree(refused.body()).at("/error/message").asString())
                    .isEqualTo(tenant.key() + " is at its limit of 10 requests per minute.");
            assertThat(refused.headers().firstValueAsLong("retry-after").orElseThrow()).isBetween(1L, 60L);
            await().untilAsserted(() -> assertThat(replicas.rows(tenant.team())).isEqualTo(64));
        }
    }

    @Test
    void sixtyFourClientsOverThreeReplicasNeverSpendMoreThanOneBudget() throws Exception {
        try (RedisReplicas replicas = new RedisReplicas(3, UPSTREAM.baseUrl(), dataDir, REDIS, "open",
                "retries: {max_attempts: 1}")) {
            String body = RedisReplicas.chat(20);
            BigDecimal worstCase = RedisReplicas.worstCase(body, 20);
            // Room for 7 worst cases and half of another.
            BigDecimal amount = worstCase.multiply(new BigDecimal("7.5"));
            RedisReplicas.Tenant tenant = replicas.tenant("budget");
            replicas.budget(tenant.team(), amount);
            UPSTREAM.fake().defaultAnswer(Reply.defaultReply().withHeaderDelay(HELD));
            long servedBefore = UPSTREAM.fake().servedCount();

            List<HttpResponse<String>> responses = spread(replicas, tenant, body);

            assertThat(statuses(responses)).isEqualTo(Map.of(200, 7L, 402, 57L));
            await().untilAsserted(() -> assertThat(UPSTREAM.fake().servedCount() - servedBefore).isEqualTo(7));
            BigDecimal cost = RedisReplicas.INPUT_PER_TOKEN.multiply(BigDecimal.valueOf(12))
                    .add(RedisReplicas.OUTPUT_PER_TOKEN.multiply(BigDecimal.valueOf(7)));
            await().untilAsserted(() -> assertThat(replicas.spent(tenant.team()))
                    .isEqualByComparingTo(cost.multiply(BigDecimal.valueOf(7))));
            assertThat(replicas.spent(tenant.team())).isLessThanOrEqualTo(amount);

            // Under sustained load on every replica, settled below the worst case as they end: still never above.
            UPSTREAM.fake().defaultAnswer(Reply.defaultReply());
            AtomicInteger next = new AtomicInteger();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Integer>> sent = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    TestParley replica = replicas.replica(next.getAndIncrement());
                    sent.add(clients.submit(() -> {
                        int admitted = 0;
                        while (tenant.chat(replica, body).statusCode() == 200) {
                            admitted++;
                        }
                        return admitted;
                    }));
                }
                for (Future<Integer> f : sent) {
                    f.get();
                }
            }
            BigDecimal spent = replicas.spent(tenant.team());
            assertThat(spent).isLessThanOrEqualTo(amount);
            assertThat(amount.subtract(spent)).isLessThan(worstCase);
        }
    }

    @Test
    void aCooldownFromOneReplicasRetryAfterIsHonouredByTheOther() throws Exception {
        try (RedisReplicas replicas = new RedisReplicas(2, UPSTREAM.baseUrl(), dataDir, REDIS, "open",
                "retries: {max_attempts: 2}\nqueue: {max_wait: 0}")) {
            UPSTREAM.fake().enqueue(Fault.rateLimited(RetryAfter.seconds(30)));
            int before = UPSTREAM.fake().requests().size();

            HttpResponse<String> first = replicas.replica(0).post("/v1/chat/completions", TestParley.KEY,
                    RedisReplicas.chat(10));
            assertThat(first.statusCode()).isEqualTo(429);
            assertThat(UPSTREAM.fake().requests()).hasSize(before + 1);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(keyState(replicas.replica(1)))
                    .isEqualTo("cooling"));
            HttpResponse<String> other = replicas.replica(1).post("/v1/chat/completions", TestParley.KEY,
                    RedisReplicas.chat(10));
            assertThat(other.statusCode()).isEqualTo(429);
            assertThat(other.headers().firstValueAsLong("retry-after").orElseThrow()).isBetween(20L, 30L);
            assertThat(UPSTREAM.fake().requests()).hasSize(before + 1);
        }
    }

    @Test
    void aRetiredKeyAndAnOpenCircuitReachTheOtherReplica() throws Exception {
        try (RedisReplicas replicas = new RedisReplicas(2, UPSTREAM.baseUrl(), dataDir, REDIS, "open",
                "retries: {max_attempts: 1}\nhealth: {consecutive_failures: 1, base_cool_off: 30s}")) {
            UPSTREAM.fake().enqueue(Fault.status(500));
            assertThat(replicas.replica(0).post("/v1/chat/completions", TestParley.KEY, RedisReplicas.chat(10))
                    .statusCode()).isGreaterThanOrEqualTo(500);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(channel(replicas.replica(1))
                    .at("/circuit/state").asString()).isEqualTo("open"));
            // A replica started later reads the open circuit from Redis.
            TestParley later = replicas.join();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(channel(later)
                    .at("/circuit/state").asString()).isEqualTo("open"));
        }
        try (RedisReplicas replicas = new RedisReplicas(2, UPSTREAM.baseUrl(), dataDir.resolve("second"), REDIS,
                "open", "retries: {max_attempts: 2}\nqueue: {max_wait: 0}")) {
            UPSTREAM.fake().enqueue(Fault.status(401));
            assertThat(replicas.replica(0).post("/v1/chat/completions", TestParley.KEY, RedisReplicas.chat(10))
                    .statusCode()).isNotEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(keyState(replicas.replica(1)))
                    .isEqualTo("refused"));
        }
    }

    @Test
    void aTeamsPrepaidCreditIsNeverOverspentAcrossReplicas() throws Exception {
        try (RedisReplicas replicas = new RedisReplicas(3, UPSTREAM.baseUrl(), dataDir, REDIS, "open",
                "retries: {max_attempts: 1}")) {
            RedisReplicas.Tenant tenant = replicas.tenant("prepaid");
            TestParley first = replicas.replica(0);
            String account = "/admin/accounts/team/" + tenant.team().id();
            assertThat(first.post("/admin/accounts", RedisReplicas.MASTER, "{\"scope_kind\":\"team\",\"scope_id\":\""
                    + tenant.team().id() + "\"}").statusCode()).isEqualTo(201);
            BigDecimal credit = new BigDecimal("1.50");
            assertThat(first.post(account + "/orders", RedisReplicas.MASTER, "{\"kind\":\"top_up\",\"amount\":\"1.50\","
                    + "\"reason\":\"replicas\",\"reference\":\"inv-1\"}").statusCode()).isEqualTo(201);
            replicas.reload();
            String body = RedisReplicas.chat(20);
            BigDecimal worstCase = RedisReplicas.worstCase(body, 20);

            AtomicInteger next = new AtomicInteger();
            List<Integer> last = new ArrayList<>();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Integer>> sent = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    TestParley replica = replicas.replica(next.getAndIncrement());
                    sent.add(clients.submit(() -> {
                        HttpResponse<String> response;
                        while ((response = tenant.chat(replica, body)).statusCode() == 200) {
                            continue;
                        }
                        return response.statusCode();
                    }));
                }
                for (Future<Integer> f : sent) {
                    last.add(f.get());
                }
            }
            assertThat(last).containsOnly(402);
            BigDecimal ledger = replicas.spent(tenant.team());
            assertThat(ledger).isLessThanOrEqualTo(credit);
            assertThat(credit.subtract(ledger)).isLessThan(worstCase);
            JsonNode standing = JSON.readTree(first.get(account, RedisReplicas.MASTER).body());
            assertThat(new BigDecimal(standing.path("charged").asString())).isEqualByComparingTo(ledger);
        }
    }

    static JsonNode channel(TestParley replica) throws Exception {
        HttpResponse<String> status = replica.get("/admin/channels/status", RedisReplicas.MASTER);
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        return JSON.readTree(status.body()).at("/channels/0");
    }

    static String keyState(TestParley replica) throws Exception {
        return channel(replica).at("/keys/0/state").asString();
    }
}
