package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.usage.UsageRecord;
import dev.parley.store.Database;
import dev.parley.store.UsageRepository;
import dev.parley.testkit.Fault;
import dev.parley.testkit.RecordedRequest;
import dev.parley.testkit.Reply;
import dev.parley.testkit.RetryAfter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Batch jobs through OpenAI's Files and Batches APIs against a real Parley on SQLite and a fake provider over real
 * sockets: files owned by their key and checked line by line; a batch of 300 items over four upstream models, one
 * failing always, one rate limiting some items once, one spoken to in Anthropic's protocol, with every item in the
 * output or the error file exactly once, every failed item a dead letter with its error history and every finished
 * item its own ledger row; an interactive request served before the batch items waiting for the same key; a cancel.
 */
class BatchJobsTest {

    static final String MASTER = "pk-master-0123456789abcdef";
    static final String OTHER = "pk-other-0123456789abcdef";

    @RegisterExtension
    static final ParleyBehindFake<TestParley> PARLEY = new ParleyBehindFake<>() {
        @Override
        protected TestParley start(String upstream, Path dataDir) {
            return TestParley.start(yaml(upstream, dataDir), dataDir);
        }
    };

    static String yaml(String upstream, Path dataDir) {
        return """
                server: {host: 127.0.0.1, port: 0, data_dir: "%1$s", shutdown_grace: 5s}
                retries: {max_attempts: 2, base_delay: 10ms, max_delay: 50ms, deadline: 10s}
                queue: {max_wait: 30s}
                health: {consecutive_failures: 100000, failure_rate: 1.0, minimum_calls: 100000}
                batches: {concurrency: 8, poll_interval: 50ms}
                master_key: "%2$s"
                providers:
                  - {name: fake-openai, type: openai-compatible, base_url: "%3$s/v1", keys: ["${UPSTREAM_KEY}"]}
                  - {name: fake-flaky, type: openai-compatible, base_url: "%3$s/v1", keys: ["${UPSTREAM_KEY}"]}
                  - {name: fake-anthropic, type: anthropic, base_url: "%3$s", keys: ["${UPSTREAM_KEY}"]}
                  - {name: fake-solo, type: openai-compatible, base_url: "%3$s/v1", keys: ["${UPSTREAM_KEY}"]}
                models:
                  - {name: batch-ok, routes: [{provider: fake-openai, model: ok-model}]}
                  - {name: batch-broken, routes: [{provider: fake-openai, model: broken-model}]}
                  - {name: batch-flaky, routes: [{provider: fake-flaky, model: flaky-model}], retries: {max_attempts: 1}}
                  - {name: batch-claude, routes: [{provider: fake-anthropic, model: claude-model}]}
                  - {name: batch-solo, routes: [{provider: fake-solo, model: solo-model}]}
                keys:
                  - {name: ci, key: "%4$s"}
                  - {name: other, key: "%5$s"}
                """.formatted(dataDir, MASTER, upstream, TestParley.KEY, OTHER);
    }

    private static BatchClient client(String key) {
        return new BatchClient(PARLEY.parley().parley.baseUrl(), key);
    }

    private static String input(int items, java.util.function.IntFunction<String> model) {
        return IntStream.rangeClosed(1, items).mapToObj(i -> BatchClient.chatLine("item-" + i, model.apply(i)))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void filesBelongToTheirKeyAndABadLineIsNamed() throws Exception {
        BatchClient mine = client(TestParley.KEY);
        BatchClient theirs = client(OTHER);
        String content = input(3, i -> "batch-ok");

        JsonNode file = mine.uploaded(content);
        String id = file.path("id").asString();

        assertThat(file.path("object").asString()).isEqualTo("file");
        assertThat(file.path("purpose").asString()).isEqualTo("batch");
        assertThat(file.path("bytes").asLong()).isEqualTo(content.length());
        assertThat(file.path("filename").asString()).isEqualTo("input.jsonl");
        assertThat(mine.get("/v1/files").path("data").valueStream().map(f -> f.path("id").asString())).contains(id);
        assertThat(mine.get("/v1/files/" + id).path("id").asString()).isEqualTo(id);
        HttpResponse<String> raw = mine.send("GET", "/v1/files/" + id + "/content", "");
        assertThat(raw.body()).isEqualTo(content);

        assertThat(theirs.get("/v1/files").path("data").valueStream().map(f -> f.path("id").asString()))
                .doesNotContain(id);
        for (String[] call : new String[][] {{"GET", ""}, {"GET", "/content"}, {"DELETE", ""}}) {
            HttpResponse<String> refused = theirs.send(call[0], "/v1/files/" + id + call[1], "");
            assertThat(refused.statusCode()).as(call[0] + call[1]).isEqualTo(404);
            assertThat(refused.body()).contains("No such file object");
        }
        HttpResponse<String> batchOfTheirs = theirs.send("POST", "/v1/batches", "{\"input_file_id\":\"" + id
                + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}");
        assertThat(batchOfTheirs.statusCode()).isEqualTo(404);

        String bad = BatchClient.chatLine("a", "batch-ok") + "\n" + BatchClient.chatLine("b", "batch-ok") + "\n"
                + "{\"custom_id\":\"c\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"messages\":[]}}\n";
        HttpResponse<String> refused = mine.upload("batch", bad);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("line 3: body.model must name a model").contains("invalid_request_error");
        HttpResponse<String> duplicate = mine.upload("batch", bad.replace("\"custom_id\":\"b\"", "\"custom_id\":\"a\""));
        assertThat(duplicate.body()).contains("line 2: custom_id 'a' is used already on line 1");
        HttpResponse<String> purpose = mine.upload("fine-tune", content);
        assertThat(purpose.statusCode()).isEqualTo(400);
        assertThat(purpose.body()).contains("purpose must be 'batch'");

        assertThat(mine.send("DELETE", "/v1/files/" + id, "").body()).contains("\"deleted\":true");
        assertThat(mine.send("GET", "/v1/files/" + id, "").statusCode()).isEqualTo(404);
    }

    @Test
    void aBatchOfThreeHundredPutsEveryItemInOneFileExactlyOnce() throws Exception {
        Set<String> broken = new HashSet<>();
        Set<String> flaky = new HashSet<>();
        Set<String> claude = new HashSet<>();
        String content = input(300, i -> {
            String id = "item-" + i;
            if (i % 7 == 0) {
                broken.add(id);
                return "batch-broken";
            }
            if (i % 10 == 3) {
                claude.add(id);
                return "batch-claude";
            }
            if (i % 10 == 5) {
                flaky.add(id);
                return "batch-flaky";
            }
            return "batch-ok";
        });
        PARLEY.fake().defaultAnswerForModel("broken-model", Fault.status(500));
        int refusedOnce = 10;
        for (int i = 0; i < refusedOnce; i++) {
            PARLEY.fake().forModel("flaky-model", Fault.rateLimited(RetryAfter.seconds(1)));
        }
        BatchClient ci = client(TestParley.KEY);
        double failedBefore = itemsCounted("failed");
        double retriedBefore = itemsCounted("retried");

        JsonNode created = ci.create(ci.uploaded(content).path("id").asString());
        String id = created.path("id").asString();
        assertThat(created.path("status").asString()).isIn("validating", "in_progress");
        assertThat(created.path("request_counts").path("total").asInt()).isEqualTo(300);
        assertThat(created.path("metadata").path("job").asString()).isEqualTo("test");
        JsonNode done = ci.awaitStatus(id, Duration.ofSeconds(90), "completed");

        assertThat(done.path("request_counts").path("completed").asInt()).isEqualTo(300 - broken.size());
        assertThat(done.path("request_counts").path("failed").asInt()).isEqualTo(broken.size());
        assertThat(done.path("completed_at").asLong()).isPositive();
        List<JsonNode> output = ci.lines(done, "output_file_id");
        List<JsonNode> errors = ci.lines(done, "error_file_id");
        List<String> everyId = new ArrayList<>();
        output.forEach(l -> everyId.add(l.path("custom_id").asString()));
        errors.forEach(l -> everyId.add(l.path("custom_id").asString()));
        assertThat(everyId).as("every item exactly once").hasSize(300).doesNotHaveDuplicates();
        assertThat(errors).extracting(l -> l.path("custom_id").asString()).containsExactlyInAnyOrderElementsOf(broken);
        assertThat(output).allSatisfy(l -> {
            assertThat(l.path("response").path("status_code").asInt()).isEqualTo(200);
            assertThat(l.path("response").path("body").path("object").asString()).isEqualTo("chat.completion");
            assertThat(l.path("error").isNull()).isTrue();
        });
        assertThat(errors).allSatisfy(l -> assertThat(l.path("response").path("status_code").asInt()).isEqualTo(502));
        assertThat(ci.get("/v1/files/" + done.path("output_file_id").asString()).path("purpose").asString())
                .isEqualTo("batch_output");

        // Whatever the upstream protocol: the Anthropic items were sent as Messages and answered as Chat.
        assertThat(PARLEY.fake().requests()).filteredOn(r -> r.model().equals(Optional.of("claude-model")))
                .hasSize(claude.size()).allSatisfy(r -> assertThat(r.path()).isEqualTo("/v1/messages"));
        // The rate-limited items were tried again by the runner, and each answered once.
        assertThat(PARLEY.fake().requests()).filteredOn(r -> r.model().equals(Optional.of("flaky-model")))
                .hasSize(flaky.size() + refusedOnce);
        assertThat(output).extracting(l -> l.path("custom_id").asString()).containsAll(flaky).containsAll(claude);

        // Every failed item is one dead letter, with Parley's two upstream attempts and its answer.
        JsonNode letters = admin().get("/admin/dead-letters?source=batch&source_id=" + id + "&limit=500", MASTER);
        assertThat(letters.path("items").valueStream().map(l -> l.path("item_id").asString()).toList())
                .containsExactlyInAnyOrderElementsOf(broken);
        JsonNode letter = admin().get("/admin/dead-letters/" + letters.path("items").get(0).path("id").asString(),
                MASTER);
        assertThat(letter.path("failures").valueStream().map(f -> f.path("error_class").asString()).toList())
                .containsExactly("upstream_500", "upstream_500", "server_error");
        assertThat(letter.path("key_name").asString()).isEqualTo("ci");

        // Usage is billed per item: each line's request id is one ledger row of the batch's key.
        PARLEY.parley().parley.flushUsage();
        try (Database db = Database.open("sqlite:" + PARLEY.dataDir().resolve("parley.db"))) {
            UsageRepository ledger = new UsageRepository(db);
            for (JsonNode line : output) {
                UsageRecord row = ledger.findByRequestId(line.path("response").path("request_id").asString())
                        .orElseThrow();
                assertThat(row.keyName()).isEqualTo("ci");
                assertThat(row.status()).isEqualTo(200);
                assertThat(row.usage().totalTokens()).isPositive();
            }
            for (JsonNode line : errors) {
                assertThat(ledger.findByRequestId(line.path("response").path("request_id").asString()))
                        .hasValueSatisfying(row -> assertThat(row.status()).isEqualTo(502));
            }
        }
        assertThat(itemsCounted("failed") - failedBefore).isEqualTo(broken.size());
        assertThat(itemsCounted("retried") - retriedBefore).isEqualTo(refusedOnce);
    }

    @Test
    void anInteractiveRequestIsServedBeforeTheBatchItemsWaitingForTheSameKey() throws Exception {
        // The one key of solo-model is rate limited for a while: the batch's items wait for it, at the lowest priority.
        PARLEY.fake().forModel("solo-model", Fault.rateLimited(RetryAfter.seconds(5)));
        HttpResponse<String> limited = PARLEY.parley().send("POST", "/v1/chat/completions",
                Map.of("authorization", "Bearer " + OTHER, "x-parley-max-wait", "0"),
                "{\"model\":\"batch-solo\",\"messages\":[{\"role\":\"user\",\"content\":\"cool\"}]}");
        assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
        BatchClient ci = client(TestParley.KEY);
        String id = ci.create(ci.uploaded(input(6, i -> "batch-solo")).path("id").asString()).path("id").asString();
        await().atMost(Duration.ofSeconds(20)).until(() -> admin().get("/admin/queue", MASTER).path("depth").asInt() == 6);

        CompletableFuture<HttpResponse<String>> interactive = CompletableFuture.supplyAsync(() -> {
            try {
                return PARLEY.parley().post("/v1/chat/completions", OTHER, "{\"model\":\"batch-solo\",\"messages\":"
                        + "[{\"role\":\"user\",\"content\":\"interactive\"}]}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(interactive.get().statusCode()).isEqualTo(200);
        JsonNode done = ci.awaitStatus(id, Duration.ofSeconds(60), "completed");
        assertThat(done.path("request_counts").path("completed").asInt()).isEqualTo(6);
        List<RecordedRequest> seen = PARLEY.fake().requests().stream()
                .filter(r -> r.model().equals(Optional.of("solo-model"))).toList();
        assertThat(seen).hasSize(8);
        assertThat(seen.get(1).bodyText()).as("the first request once the key is back").contains("interactive");
    }

    @Test
    void aCancelledBatchFinishesWhatRunsAndListsTheRestAsCancelled() throws Exception {
        PARLEY.fake().defaultAnswerForModel("ok-model", Reply.text("slow").withHeaderDelay(Duration.ofMillis(100)));
        BatchClient ci = client(TestParley.KEY);
        String id = ci.create(ci.uploaded(input(200, i -> "batch-ok")).path("id").asString()).path("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> ci.batch(id).path("request_counts").path("completed")
                .asInt() >= 8);

        JsonNode cancelling = ok(ci.send("POST", "/v1/batches/" + id + "/cancel", ""));
        assertThat(cancelling.path("status").asString()).isIn("cancelling", "cancelled");
        JsonNode cancelled = ci.awaitStatus(id, Duration.ofSeconds(30), "cancelled");

        int completed = cancelled.path("request_counts").path("completed").asInt();
        List<JsonNode> output = ci.lines(cancelled, "output_file_id");
        List<JsonNode> errors = ci.lines(cancelled, "error_file_id");
        assertThat(output).hasSize(completed);
        assertThat(completed).isLessThan(200);
        assertThat(errors).hasSize(200 - completed).allSatisfy(l ->
                assertThat(l.path("error").path("code").asString()).isEqualTo("batch_cancelled"));
        assertThat(PARLEY.fake().requests()).as("no item was sent after its batch stopped").hasSize(completed);
        assertThat(cancelled.path("cancelled_at").asLong()).isPositive();
        assertThat(admin().get("/admin/dead-letters?source_id=" + id, MASTER).path("items").size()).isZero();
        HttpResponse<String> again = ci.send("POST", "/v1/batches/" + id + "/cancel", "");
        assertThat(again.statusCode()).isEqualTo(200);
        Map<String, String> listed = new HashMap<>();
        ci.get("/v1/batches?limit=100").path("data").forEach(b -> listed.put(b.path("id").asString(),
                b.path("status").asString()));
        assertThat(listed).containsEntry(id, "cancelled");
        assertThat(client(OTHER).send("GET", "/v1/batches/" + id, "").statusCode()).isEqualTo(404);
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return BatchClient.JSON.readTree(response.body());
    }

    /** {@code parley_batch_items_total} of an outcome, as {@code /metrics} shows it. */
    private static double itemsCounted(String outcome) throws Exception {
        String prefix = "parley_batch_items_total{outcome=\"" + outcome + "\"} ";
        return admin().call("GET", "/metrics", MASTER, "").body().lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()))).sum();
    }

    private static AdminClient admin() {
        return new AdminClient(PARLEY.parley());
    }
}
