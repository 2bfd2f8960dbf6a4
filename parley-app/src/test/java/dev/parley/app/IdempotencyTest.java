package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.tenancy.AccessRules;
import dev.parley.store.Database;
import dev.parley.store.UsageRepository;
import dev.parley.testkit.Fault;
import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.Reply;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Requests sent with an {@code Idempotency-Key} through a real Parley: duplicates, one after another and 16 at
 * once, streamed and whole, in two protocols, cost the fake provider one call and the ledger one row, and are
 * answered with the first one's bytes; a key reused with another body is a 422; a result the key's rules do not
 * allow to be kept is a 409 for its duplicates, still without a second call; a failed request frees its key.
 */
class IdempotencyTest {

    @RegisterExtension
    static final FakeProviderExtension UPSTREAM = new FakeProviderExtension();

    @TempDir
    static Path dataDir;

    static TenantParley parley;
    static TenantParley.Tenant kept;
    static TenantParley.Tenant unkept;
    static UsageRepository ledger;
    static Database database;

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        parley = TenantParley.inFrontOf(UPSTREAM.baseUrl(), dataDir);
        kept = parley.tenant("kept").keyRules(rules(true));
        unkept = parley.tenant("unkept").keyRules(rules(false));
        database = Database.open("sqlite:" + dataDir.resolve("parley.db"));
        ledger = new UsageRepository(database);
    }

    @AfterAll
    static void stop() {
        parley.close();
        database.close();
    }

    @BeforeEach
    void answerPromptly() {
        UPSTREAM.fake().defaultAnswer(Reply.defaultReply());
    }

    private static AccessRules rules(boolean logBodies) {
        return new AccessRules(List.of(), List.of(), List.of(), OptionalInt.empty(), Optional.of(logBodies));
    }

    /** A request in two protocols, streamed and whole. */
    private enum Call {
        CHAT("/v1/chat/completions", "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
        CHAT_STREAM("/v1/chat/completions",
                "{\"model\":\"gpt-test\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
        ANTHROPIC("/v1/messages",
                "{\"model\":\"gpt-test\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
        ANTHROPIC_STREAM("/v1/messages", "{\"model\":\"gpt-test\",\"max_tokens\":50,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        final String path;
        final String body;

        Call(String path, String body) {
            this.path = path;
            this.body = body;
        }

        boolean streamed() {
            return body.contains("\"stream\":true");
        }

        HttpResponse<String> send(TenantParley.Tenant tenant, String idempotencyKey, String body) throws Exception {
            return tenant.owner().parley.send("POST", path, Map.of("authorization", "Bearer " + tenant.secret(),
                    "anthropic-version", "2023-06-01", "Idempotency-Key", idempotencyKey), body);
        }

        HttpResponse<String> send(TenantParley.Tenant tenant, String idempotencyKey) throws Exception {
            return send(tenant, idempotencyKey, body);
        }
    }

    /** The fake's calls and the ledger's rows so far, every row written. */
    private record Counts(long calls, long rows) {
        static Counts now() {
            parley.parley.parley.flushUsage();
            return new Counts(UPSTREAM.fake().requests().size(), ledger.count());
        }

        Counts since(Counts before) {
            return new Counts(calls - before.calls, rows - before.rows);
        }
    }

    @ParameterizedTest
    @EnumSource(Call.class)
    void duplicatesOneAfterAnotherAreReplayedWithoutASecondCall(Call call) throws Exception {
        Counts before = Counts.now();
        String key = UUID.randomUUID().toString();

        HttpResponse<String> first = call.send(kept, key);
        HttpResponse<String> second = call.send(kept, key);
        HttpResponse<String> third = call.send(kept, key);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue(IDEMPOTENT_REPLAY)).isEmpty();
        for (HttpResponse<String> replay : List.of(second, third)) {
            assertThat(replay.statusCode()).isEqualTo(200);
            assertThat(replay.headers().firstValue(IDEMPOTENT_REPLAY)).contains("true");
            assertThat(replay.body()).isEqualTo(first.body());
            assertThat(replay.headers().firstValue("content-type")).isEqualTo(first.headers().firstValue("content-type"));
        }
        if (call.streamed()) {
            assertThat(first.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
            assertThat(first.body()).contains("data:");
        }
        assertThat(Counts.now().since(before)).isEqualTo(new Counts(1, 1));
    }

    @ParameterizedTest
    @EnumSource(Call.class)
    void sixteenDuplicatesAtOnceCostOneCall(Call call) throws Exception {
        UPSTREAM.fake().defaultAnswer(Reply.defaultReply().withHeaderDelay(Duration.ofMillis(400)));
        Counts before = Counts.now();
        String key = UUID.randomUUID().toString();

        List<HttpResponse<String>> answers = parley.together(16, () -> call.send(kept, key));

        assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(200));
        assertThat(answers).extracting(HttpResponse::body).containsOnly(answers.getFirst().body());
        assertThat(answers.stream().filter(a -> a.headers().firstValue(IDEMPOTENT_REPLAY).isPresent())).hasSize(15);
        assertThat(Counts.now().since(before)).isEqualTo(new Counts(1, 1));
    }

    @Test
    void aKeyReusedWithAnotherBodyIsRefusedIn422InTheClientsShape() throws Exception {
        String key = UUID.randomUUID().toString();
        assertThat(Call.CHAT.send(kept, key).statusCode()).isEqualTo(200);
        Counts before = Counts.now();

        HttpResponse<String> chat = Call.CHAT.send(kept, key, Call.CHAT.body.replace("hi", "hello"));
        HttpResponse<String> anthropic = Call.ANTHROPIC.send(kept, key);

        assertThat(chat.statusCode()).isEqualTo(422);
        JsonNode chatError = JSON.readTree(chat.body()).get("error");
        assertThat(chatError.get("code").asString()).isEqualTo("idempotency_key_reused");
        assertThat(chatError.get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(anthropic.statusCode()).isEqualTo(422);
        JsonNode anthropicError = JSON.readTree(anthropic.body());
        assertThat(anthropicError.get("type").asString()).isEqualTo("error");
        assertThat(anthropicError.get("error").get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(Counts.now().since(before).calls()).isZero();
    }

    @Test
    void theSameKeyOfAnotherVirtualKeyIsAnotherRequest() throws Exception {
        String key = UUID.randomUUID().toString();
        Counts before = Counts.now();

        HttpResponse<String> mine = Call.CHAT.send(kept, key);
        HttpResponse<String> theirs = Call.CHAT.send(parley.tenant("other").keyRules(rules(true)), key);

        assertThat(theirs.statusCode()).isEqualTo(200);
        assertThat(theirs.headers().firstValue(IDEMPOTENT_REPLAY)).isEmpty();
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(Counts.now().since(before)).isEqualTo(new Counts(2, 2));
    }

    @ParameterizedTest
    @EnumSource(value = Call.class, names = {"CHAT", "ANTHROPIC_STREAM"})
    void aResultTheRulesDoNotLetBeKeptIsA409WithoutASecondCall(Call call) throws Exception {
        Counts before = Counts.now();
        String key = UUID.randomUUID().toString();

        HttpResponse<String> first = call.send(unkept, key);
        HttpResponse<String> second = call.send(unkept, key);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.body()).contains("was not kept").doesNotContain("Hello from the fake provider");
        assertThat(Counts.now().since(before).calls()).isEqualTo(1);
    }

    @Test
    void aRequestThatFailsFreesItsKeyForARetry() throws Exception {
        String key = UUID.randomUUID().toString();
        UPSTREAM.fake().enqueue(Fault.status(500));
        Counts before = Counts.now();

        HttpResponse<String> failed = Call.CHAT.send(kept, key);
        HttpResponse<String> retried = Call.CHAT.send(kept, key);
        HttpResponse<String> replayed = Call.CHAT.send(kept, key);

        assertThat(failed.statusCode()).isGreaterThanOrEqualTo(500);
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.headers().firstValue(IDEMPOTENT_REPLAY)).isEmpty();
        assertThat(replayed.headers().firstValue(IDEMPOTENT_REPLAY)).contains("true");
        assertThat(replayed.body()).isEqualTo(retried.body());
        assertThat(Counts.now().since(before)).isEqualTo(new Counts(2, 2));
    }

    @Test
    void aMalformedKeyIsRefused() throws Exception {
        HttpResponse<String> refused = Call.CHAT.send(kept, "x".repeat(256));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("Idempotency-Key");
    }

    @Test
    void aDuplicateThatMayNotWaitLongerIsToldTheFirstIsStillInProgress() throws Exception {
        UPSTREAM.fake().defaultAnswer(Reply.defaultReply().withHeaderDelay(Duration.ofMillis(1500)));
        String key = UUID.randomUUID().toString();
        int before = UPSTREAM.fake().requests().size();
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> send(() ->
                Call.CHAT.send(kept, key)));
        await().atMost(Duration.ofSeconds(10)).until(() -> UPSTREAM.fake().requests().size() > before);

        HttpResponse<String> impatient = kept.owner().parley.send("POST", Call.CHAT.path, Map.of("authorization",
                "Bearer " + kept.secret(), "Idempotency-Key", key, "x-parley-max-wait", "200ms"), Call.CHAT.body);

        assertThat(impatient.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(impatient.body()).get("error").get("code").asString())
                .isEqualTo("idempotent_request_in_progress");
        assertThat(first.get().statusCode()).isEqualTo(200);
        assertThat(Call.CHAT.send(kept, key).headers().firstValue(IDEMPOTENT_REPLAY)).contains("true");
        assertThat(UPSTREAM.fake().requests().size() - before).isEqualTo(1);
    }

    @Test
    void aDuplicateOnAnotherReplicaWaitsForTheFirstAndGetsItsResult() throws Exception {
        Path other = dataDir.resolveSibling(dataDir.getFileName() + "-replica");
        Files.createDirectories(other);
        // The same server secret, so that the replica knows the store's keys; the same database.
        Files.copy(dataDir.resolve("secret.key"), other.resolve("secret.key"), StandardCopyOption.REPLACE_EXISTING);
        try (TestParley replica = TestParley.start(TestParley.yaml(UPSTREAM.baseUrl(), other, "")
                + "storage: {url: \"sqlite:" + dataDir.resolve("parley.db") + "\"}\n", other)) {
            UPSTREAM.fake().defaultAnswer(Reply.defaultReply().withHeaderDelay(Duration.ofMillis(800)));
            String key = UUID.randomUUID().toString();
            int before = UPSTREAM.fake().requests().size();
            CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> send(() ->
                    Call.CHAT.send(kept, key)));
            await().atMost(Duration.ofSeconds(10)).until(() -> UPSTREAM.fake().requests().size() > before);

            HttpResponse<String> elsewhere = replica.send("POST", Call.CHAT.path, Map.of("authorization",
                    "Bearer " + kept.secret(), "Idempotency-Key", key), Call.CHAT.body);

            assertThat(elsewhere.statusCode()).isEqualTo(200);
            assertThat(elsewhere.headers().firstValue(IDEMPOTENT_REPLAY)).contains("true");
            assertThat(elsewhere.body()).isEqualTo(first.get().body());
            assertThat(UPSTREAM.fake().requests().size() - before).isEqualTo(1);
        }
    }

    private static HttpResponse<String> send(java.util.concurrent.Callable<HttpResponse<String>> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String IDEMPOTENT_REPLAY = "x-parley-idempotent-replay";
}
