package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.tenancy.SharedCounters;
import dev.parley.testkit.FakeProviderExtension;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;

/**
 * Redis stopped and started again under two replicas: a {@code redis-server} of this test's own on a free port,
 * without persistence, so that a restart loses every counter as a crash would. Nothing crashes, each policy does
 * what the README says, and budgets come back from the ledger.
 */
class RedisOutageTest {

    @RegisterExtension
    static final FakeProviderExtension UPSTREAM = new FakeProviderExtension();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private int port;
    private Process redis;

    @BeforeEach
    void startRedis() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        startRedisAgain();
    }

    @AfterEach
    void stopRedis() throws Exception {
        stop();
    }

    private void startRedisAgain() throws Exception {
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no").redirectErrorStream(true).redirectOutput(dataDir.resolve("redis.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(10)).until(() -> "PONG".equals(cli("PING")));
    }

    private void stop() throws InterruptedException {
        if (redis != null && redis.isAlive()) {
            redis.destroy();
            assertThat(redis.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private String cli(String... command) throws IOException, InterruptedException {
        List<String> line = new java.util.ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        line.addAll(List.of(command));
        Process cli = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        cli.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    private String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    private static String metric(TestParley replica, String name) throws Exception {
        String body = replica.send("GET", "/metrics", Map.of("authorization", "Bearer " + RedisReplicas.MASTER), "")
                .body();
        return body.lines().filter(l -> l.startsWith(name)).map(l -> l.substring(l.lastIndexOf(' ') + 1))
                .findFirst().orElse("absent");
    }

    /** What Redis holds as the budget's spend, in dollars; empty text when it holds none. */
    private String redisSpent(RedisReplicas replicas) throws Exception {
        String key = cli("--scan", "--pattern", replicas.prefix + "bud:*").lines().filter(k -> !k.endsWith(":holds"))
                .findFirst().orElse("");
        return key.isEmpty() ? "" : SharedCounters.money(cli("HGET", key, "spent")).toPlainString();
    }

    @Test
    void closedRefusesWithA503UntilRedisIsBackThenReseedsFromTheLedger() throws Exception {
        try (RedisReplicas replicas = new RedisReplicas(2, UPSTREAM.baseUrl(), dataDir, url(), "closed",
                "retries: {max_attempts: 1}")) {
            RedisReplicas.Tenant tenant = replicas.tenant("closed");
            RedisReplicas.Tenant free = replicas.tenant("free");
            replicas.budget(tenant.team(), new BigDecimal("100"));
            String body = RedisReplicas.chat(10);
            for (int i = 0; i < 4; i++) {
                assertThat(tenant.chat(replicas.replica(i), body).statusCode()).isEqualTo(200);
            }
            BigDecimal four = replicas.spent(tenant.team());
            await().untilAsserted(() -> assertThat(redisSpent(replicas)).isEqualTo(four.stripTrailingZeros()
                    .toPlainString()));

            stop();
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> refused = tenant.chat(replicas.replica(i), body);
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(JSON.readTree(refused.body()).at("/error/code").asString()).isEqualTo("limits_unavailable");
                // A key under no limit or budget, and a configured key, are served all along.
                assertThat(free.chat(replicas.replica(i), body).statusCode()).isEqualTo(200);
                assertThat(replicas.replica(i).post("/v1/chat/completions", TestParley.KEY, body).statusCode())
                        .isEqualTo(200);
                assertThat(metric(replicas.replica(i), "parley_redis_up")).isEqualTo("0.0");
                assertThat(Double.parseDouble(metric(replicas.replica(i), "parley_redis_fallbacks_total")))
                        .isGreaterThanOrEqualTo(1.0);
            }

            startRedisAgain();
            for (int i = 0; i < 2; i++) {
                TestParley replica = replicas.replica(i);
                await().atMost(Duration.ofSeconds(15)).until(() -> metric(replica, "parley_redis_up").equals("1.0"));
            }
            assertThat(redisSpent(replicas)).isEmpty();
            assertThat(tenant.chat(replicas.replica(0), body).statusCode()).isEqualTo(200);
            // Seeded from the ledger (the four requests before), then this one settled on top.
            BigDecimal five = replicas.spent(tenant.team());
            assertThat(five).isEqualByComparingTo(four.multiply(BigDecimal.valueOf(5)).divide(BigDecimal.valueOf(4),
                    10, RoundingMode.UNNECESSARY));
            await().untilAsserted(() -> assertThat(redisSpent(replicas)).isEqualTo(five.stripTrailingZeros()
                    .toPlainString()));
            await().untilAsserted(() -> assertThat(replicas.rows(tenant.team())).isEqualTo(7));
        }
    }

    @Test
    void openHoldsEachReplicasOwnLimitsWhileRedisIsAway() throws Exception {
        try (RedisReplicas replicas = new RedisReplicas(2, UPSTREAM.baseUrl(), dataDir, url(), "open",
                "retries: {max_attempts: 1}")) {
            RedisReplicas.Tenant tenant = replicas.tenant("open");
            replicas.limits(tenant.key(), 3);
            String body = RedisReplicas.chat(10);
            assertThat(tenant.chat(replicas.replica(0), body).statusCode()).isEqualTo(200);
            assertThat(tenant.chat(replicas.replica(1), body).statusCode()).isEqualTo(200);

            stop();
            for (int i = 0; i < 2; i++) {
                TestParley replica = replicas.replica(i);
                List<Integer> statuses = new java.util.ArrayList<>();
                for (int n = 0; n < 5; n++) {
                    statuses.add(tenant.chat(replica, body).statusCode());
                }
                // Each replica alone holds the key to its rpm, counting only what it admitted on its own books.
                assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
                assertThat(metric(replica, "parley_redis_up")).isEqualTo("0.0");
            }

            startRedisAgain();
            for (int i = 0; i < 2; i++) {
                TestParley replica = replicas.replica(i);
                await().atMost(Duration.ofSeconds(15)).until(() -> metric(replica, "parley_redis_up").equals("1.0"));
            }
            // Shared again, on a Redis that lost its counters: three more in the minute, over both replicas.
            List<Integer> statuses = new java.util.ArrayList<>();
            for (int n = 0; n < 5; n++) {
                statuses.add(tenant.chat(replicas.replica(n), body).statusCode());
            }
            assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
        }
    }
}
