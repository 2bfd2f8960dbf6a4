package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.usage.UsageRecord;
import dev.parley.store.Database;
import dev.parley.store.UsageRepository;
import dev.parley.testkit.Fault;
import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.RecordedRequest;
import dev.parley.testkit.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A batch of 300 items, every 7th failing at the provider, run by a Parley process that is killed with SIGKILL
 * part-way and started again on the same data folder: the batch resumes and completes, every item is in the output
 * or the error file exactly once, every failed item is exactly one dead letter, every line's request has its own
 * ledger row (the ledger is journalled, so no row of a finished item is lost), and no finished item ran again. Only
 * the items in flight at the kill may have been sent twice: at most {@value #CONCURRENCY}, the batch's concurrency.
 * An orderly stop instead lets the items in flight finish and gives the others back: nothing is sent twice.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BatchKillNineTest {

    private static final int ITEMS = 300;
    private static final int CONCURRENCY = 4;
    /** Upstream attempts of an item: a failing one is tried twice ({@code retries.max_attempts}). */
    private static final int OK_SENDS = 1;
    private static final int BROKEN_SENDS = 2;

    @RegisterExtension
    static final FakeProviderExtension UPSTREAM = new FakeProviderExtension();

    @TempDir
    Path dataDir;

    @Test
    void aBatchResumesAfterKillNineAndEveryItemEndsUpExactlyOnce() throws Exception {
        UPSTREAM.fake().defaultAnswerForModel("ok-model", Reply.text("done").withHeaderDelay(Duration.ofMillis(40)));
        UPSTREAM.fake().defaultAnswerForModel("broken-model", Fault.status(500));
        Set<String> broken = new HashSet<>();
        String content = IntStream.rangeClosed(1, ITEMS).mapToObj(i -> {
            if (i % 7 == 0) {
                broken.add("item-" + i);
            }
            return BatchClient.chatLine("item-" + i, i % 7 == 0 ? "batch-broken" : "batch-ok");
        }).collect(Collectors.joining("\n"));
        String yaml = BatchJobsTest.yaml(UPSTREAM.baseUrl(), dataDir).replace("${UPSTREAM_KEY}", TestParley.PROVIDER_KEY)
                .replace("batches: {concurrency: 8, poll_interval: 50ms}",
                        "batches: {concurrency: " + CONCURRENCY + ", lease: 2s, poll_interval: 50ms}")
                + "usage: {durability: journal}\n";
        Path config = dataDir.resolve("parley.yaml");
        Files.writeString(config, yaml);

        String batchId;
        int finishedAtKill;
        Process first = ParleyProcess.start(config);
        try {
            BatchClient ci = new BatchClient(ParleyProcess.awaitListening(first), TestParley.KEY);
            batchId = ci.create(ci.uploaded(content).path("id").asString()).path("id").asString();
            JsonNode partway = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> ci.batch(batchId), b -> finished(b) >= 100);
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no lease given back
            assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
            finishedAtKill = finished(partway);
        } finally {
            first.destroyForcibly();
        }
        assertThat(finishedAtKill).as("killed part-way").isLessThan(ITEMS);

        JsonNode done;
        List<JsonNode> output;
        List<JsonNode> errors;
        List<JsonNode> letters;
        try (TestParley restarted = TestParley.start(yaml, dataDir)) {
            BatchClient ci = new BatchClient(restarted.parley.baseUrl(), TestParley.KEY);
            done = ci.awaitStatus(batchId, Duration.ofSeconds(90), "completed");
            output = ci.lines(done, "output_file_id");
            errors = ci.lines(done, "error_file_id");
            letters = new AdminClient(restarted).all("/admin/dead-letters?source=batch&source_id=" + batchId,
                    BatchJobsTest.MASTER, 100);
            restarted.parley.flushUsage();
        }

        // Every item in exactly one file, once; the failed ones in the error file, each one dead letter.
        List<String> everyId = new ArrayList<>();
        output.forEach(l -> everyId.add(l.path("custom_id").asString()));
        errors.forEach(l -> everyId.add(l.path("custom_id").asString()));
        assertThat(everyId).hasSize(ITEMS).doesNotHaveDuplicates();
        assertThat(errors).extracting(l -> l.path("custom_id").asString()).containsExactlyInAnyOrderElementsOf(broken);
        assertThat(letters).extracting(l -> l.path("item_id").asString()).containsExactlyInAnyOrderElementsOf(broken);
        assertThat(done.path("request_counts").path("completed").asInt()).isEqualTo(ITEMS - broken.size());

        // Each line's request is its own ledger row of the batch's key, with the status the line shows.
        try (Database db = Database.open("sqlite:" + dataDir.resolve("parley.db"))) {
            UsageRepository ledger = new UsageRepository(db);
            Set<String> requestIds = new HashSet<>();
            for (JsonNode line : output) {
                String requestId = line.path("response").path("request_id").asString();
                UsageRecord row = ledger.findByRequestId(requestId).orElseThrow(() ->
                        new AssertionError("no ledger row for " + line));
                assertThat(row.keyName()).isEqualTo("ci");
                assertThat(row.status()).isEqualTo(line.path("response").path("status_code").asInt());
                requestIds.add(requestId);
            }
            for (JsonNode line : errors) {
                assertThat(ledger.findByRequestId(line.path("response").path("request_id").asString())).isPresent();
                requestIds.add(line.path("response").path("request_id").asString());
            }
            assertThat(requestIds).hasSize(ITEMS);
            List<UsageRecord> rows = ledger.recent(Integer.MAX_VALUE).stream()
                    .filter(r -> r.model().startsWith("batch-")).toList();
            assertThat(rows.size()).as("one row per item, and at most one more per item in flight at the kill")
                    .isBetween(ITEMS, ITEMS + CONCURRENCY);
        }

        // Nothing finished ran again: only items in flight at the kill were sent more than their attempts.
        Map<String, Integer> sends = sendsPerItem();
        assertThat(sends).hasSize(ITEMS);
        List<String> sentAgain = sends.entrySet().stream()
                .filter(e -> e.getValue() > (broken.contains(e.getKey()) ? BROKEN_SENDS : OK_SENDS))
                .map(Map.Entry::getKey).toList();
        assertThat(sentAgain).as("items sent again after the kill (those in flight then)").hasSizeLessThanOrEqualTo(
                CONCURRENCY);
        assertThat(sentAgain).allSatisfy(id -> assertThat(sends.get(id))
                .isLessThanOrEqualTo(2 * (broken.contains(id) ? BROKEN_SENDS : OK_SENDS)));
        assertThat(Optional.of(done.path("status").asString())).contains("completed");
    }

    @Test
    void anOrderlyStopGivesItsItemsBackAndNoItemIsSentTwice() throws Exception {
        UPSTREAM.fake().defaultAnswerForModel("ok-model", Reply.text("done").withHeaderDelay(Duration.ofMillis(40)));
        String content = IntStream.rangeClosed(1, ITEMS).mapToObj(i -> BatchClient.chatLine("item-" + i, "batch-ok"))
                .collect(Collectors.joining("\n"));
        // A lease no test outlives: the items resume at once only because the stop gave them back.
        String yaml = BatchJobsTest.yaml(UPSTREAM.baseUrl(), dataDir).replace("batches: {concurrency: 8,",
                "batches: {concurrency: " + CONCURRENCY + ", lease: 10m,");

        String batchId;
        try (TestParley first = TestParley.start(yaml, dataDir)) {
            BatchClient ci = new BatchClient(first.parley.baseUrl(), TestParley.KEY);
            batchId = ci.create(ci.uploaded(content).path("id").asString()).path("id").asString();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> finished(ci.batch(batchId)) >= 50);
        }
        try (TestParley restarted = TestParley.start(yaml, dataDir)) {
            BatchClient ci = new BatchClient(restarted.parley.baseUrl(), TestParley.KEY);
            JsonNode done = ci.awaitStatus(batchId, Duration.ofSeconds(60), "completed");
            assertThat(ci.lines(done, "output_file_id")).hasSize(ITEMS);
        }

        assertThat(sendsPerItem()).hasSize(ITEMS).allSatisfy((id, sent) -> assertThat(sent).as(id).isEqualTo(OK_SENDS));
    }

    /** How often the provider was sent each item (its message names it). */
    private static Map<String, Integer> sendsPerItem() {
        Map<String, Integer> sends = new HashMap<>();
        for (RecordedRequest request : UPSTREAM.fake().requests()) {
            String text = request.bodyText();
            int at = text.indexOf("item item-");
            if (at >= 0) {
                sends.merge(text.substring(at + 5, text.indexOf(';', at)), 1, Integer::sum);
            }
        }
        return sends;
    }

    private static int finished(JsonNode batch) {
        return batch.path("request_counts").path("completed").asInt() + batch.path("request_counts").path("failed")
                .asInt();
    }
}
