package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.batch.Batch;
import dev.parley.core.batch.BatchEndpoint;
import dev.parley.core.batch.BatchFile;
import dev.parley.core.batch.BatchRequest;
import dev.parley.core.batch.BatchStatus;
import dev.parley.core.batch.BatchStore;
import dev.parley.core.batch.ClaimedItem;
import dev.parley.core.batch.FileKind;
import dev.parley.core.batch.ItemState;
import dev.parley.core.deadletter.DeadLetter;
import dev.parley.core.deadletter.DeadLetterFilter;
import dev.parley.core.deadletter.Failure;
import dev.parley.core.tenancy.PageRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the store of batch jobs promises, on each kind of database: claims within a batch's concurrency, an item
 * finished once and only by its runner (its dead letter with it), a lapsed lease claimed again, a batch ended only
 * once nothing of it runs, with its files' lines and sizes.
 */
abstract class BatchStoreContract extends RealDatabaseTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant LEASE = T0.plusSeconds(60);

    private BatchStore store;
    private DeadLetterRepository letters;

    @BeforeEach
    void openStore() {
        store = new BatchRepository(database);
        letters = new DeadLetterRepository(database);
    }

    private Batch batch(String id, int items) {
        store.addFile(new BatchFile("file-in-" + id, "key:k1", FileKind.INPUT, "in.jsonl", 10, T0, Optional.empty()),
                "{}".getBytes(StandardCharsets.UTF_8));
        List<BatchRequest> requests = new ArrayList<>();
        for (int i = 1; i <= items; i++) {
            requests.add(new BatchRequest(i, "item-" + i, BatchEndpoint.CHAT_COMPLETIONS,
                    ("{\"model\":\"m\",\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
        }
        Batch batch = new Batch(id, "key:k1", "ci", Optional.of("t1"), BatchEndpoint.CHAT_COMPLETIONS,
                "file-in-" + id, Batch.WINDOW, Map.of("project", "x"), BatchStatus.VALIDATING, T0, Map.of(),
                Batch.Counts.NONE, Optional.empty(), Optional.empty());
        store.createBatch(batch, requests);
        return store.batch(id).orElseThrow();
    }

    private static DeadLetter letter(ClaimedItem item) {
        return new DeadLetter("dlq_" + item.line(), "batch", item.batchId(), item.customId(), item.keyScope(),
                item.keyName(), item.teamId(), item.endpoint().path(), item.body(),
                List.of(new Failure(1, Optional.of("p"), Optional.of("um"), OptionalInt.of(500), "upstream_500", "no")),
                T0, Optional.empty());
    }

    @Test
    void aBatchIsReadBackWithItsItemsCounted() {
        Batch batch = batch("batch_1", 3);

        assertThat(batch.status()).isEqualTo(BatchStatus.VALIDATING);
        assertThat(batch.counts()).isEqualTo(new Batch.Counts(3, 0, 0));
        assertThat(batch.metadata()).containsEntry("project", "x");
        assertThat(batch.expiresAt()).isEqualTo(T0.plus(Batch.WINDOW));
        assertThat(store.batches("key:k1", PageRequest.FIRST).items()).extracting(Batch::id).containsExactly("batch_1");
        assertThat(store.batches("key:other", PageRequest.FIRST).items()).isEmpty();
        assertThat(store.content("file-in-batch_1")).hasValueSatisfying(b -> assertThat(b).hasSize(2));
    }

    @Test
    void claimsKeepTheBatchsConcurrencyOverEveryRunner() {
        batch("batch_1", 5);

        List<ClaimedItem> first = store.claim("batch_1", "runner-a", 10, 2, T0, LEASE);
        List<ClaimedItem> second = store.claim("batch_1", "runner-b", 10, 2, T0, LEASE);

        assertThat(first).extracting(ClaimedItem::customId).containsExactly("item-1", "item-2");
        assertThat(first.getFirst().tries()).isEqualTo(1);
        assertThat(new String(first.getFirst().body(), StandardCharsets.UTF_8)).isEqualTo("{\"model\":\"m\",\"n\":1}");
        assertThat(second).isEmpty();
        assertThat(store.batch("batch_1").orElseThrow().status()).isEqualTo(BatchStatus.IN_PROGRESS);
    }

    @Test
    void anItemIsFinishedOnceAndOnlyByTheRunnerThatHoldsItWithItsDeadLetter() {
        batch("batch_1", 2);
        ClaimedItem item = store.claim("batch_1", "runner-a", 1, 4, T0, LEASE).getFirst();

        assertThat(store.finish(item, "runner-b", ItemState.FAILED, "{}", Optional.empty(), Optional.of(letter(item)),
                T0)).isFalse();
        assertThat(store.finish(item, "runner-a", ItemState.FAILED, "{\"line\":1}", Optional.of("req-1"),
                Optional.of(letter(item)), T0)).isTrue();
        assertThat(store.finish(item, "runner-a", ItemState.SUCCEEDED, "{}", Optional.empty(), Optional.empty(), T0))
                .isFalse();

        assertThat(letters.list(DeadLetterFilter.ALL, PageRequest.FIRST).items()).extracting(DeadLetter::itemId)
                .containsExactly("item-1");
        assertThat(store.lines("batch_1", FileKind.ERROR, 0, 10)).containsExactly(new BatchStore.Line(1, "{\"line\":1}"));
        assertThat(store.batch("batch_1").orElseThrow().counts()).isEqualTo(new Batch.Counts(2, 0, 1));
    }

    @Test
    void anItemWhoseLeaseLapsedIsClaimedAgainAndItsOldRunnerCanNoLongerFinishIt() {
        batch("batch_1", 1);
        ClaimedItem first = store.claim("batch_1", "dead-runner", 1, 4, T0, LEASE).getFirst();

        assertThat(store.claim("batch_1", "runner-b", 1, 4, T0.plusSeconds(59), LEASE.plusSeconds(59))).isEmpty();
        ClaimedItem again = store.claim("batch_1", "runner-b", 1, 4, LEASE, LEASE.plusSeconds(60)).getFirst();

        assertThat(again.tries()).isEqualTo(2);
        assertThat(store.finish(first, "dead-runner", ItemState.SUCCEEDED, "{}", Optional.empty(), Optional.empty(),
                LEASE)).isFalse();
        assertThat(store.renew("runner-b", LEASE.plusSeconds(120))).isEqualTo(1);
        assertThat(store.release("runner-b")).isEqualTo(1);
        assertThat(store.claim("batch_1", "runner-c", 1, 4, LEASE, LEASE.plusSeconds(60))).hasSize(1);
    }

    @Test
    void aRefusedItemWaitsForItsRetryWithItsHistory() {
        batch("batch_1", 1);
        ClaimedItem item = store.claim("batch_1", "runner-a", 1, 4, T0, LEASE).getFirst();
        Failure refused = new Failure(1, Optional.empty(), Optional.empty(), OptionalInt.of(429), "rate_limited",
                "later");

        assertThat(store.retryLater(item, "runner-a", T0.plusSeconds(5), List.of(refused))).isTrue();

        assertThat(store.claim("batch_1", "runner-a", 1, 4, T0.plusSeconds(4), LEASE)).isEmpty();
        ClaimedItem again = store.claim("batch_1", "runner-a", 1, 4, T0.plusSeconds(5), LEASE).getFirst();
        assertThat(again.failures()).containsExactly(refused);
    }

    @Test
    void aBatchEndsOnceNothingRunsWithItsFilesSized() {
        batch("batch_1", 2);
        List<ClaimedItem> items = store.claim("batch_1", "runner-a", 2, 4, T0, LEASE);
        store.finish(items.get(0), "runner-a", ItemState.SUCCEEDED, "{\"ok\":\"é\"}", Optional.of("req-1"),
                Optional.empty(), T0);

        assertThat(store.settle("batch_1", T0, "file-out", "file-err")).isEmpty();
        store.finish(items.get(1), "runner-a", ItemState.FAILED, "{\"bad\":1}", Optional.of("req-2"),
                Optional.of(letter(items.get(1))), T0);
        Batch done = store.settle("batch_1", T0.plusSeconds(1), "file-out", "file-err").orElseThrow();

        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(done.reachedAt(BatchStatus.COMPLETED)).contains(T0.plusSeconds(1));
        assertThat(done.outputFileId()).contains("file-out");
        assertThat(done.errorFileId()).contains("file-err");
        assertThat(store.file("file-out").orElseThrow().bytes()).isEqualTo("{\"ok\":\"é\"}\n".getBytes(
                StandardCharsets.UTF_8).length);
        assertThat(store.file("file-err").orElseThrow().batchId()).contains("batch_1");
        assertThat(store.settle("batch_1", T0.plusSeconds(2), "file-x", "file-y")).isEmpty();
        assertThat(store.activeBatches()).isEmpty();
    }

    @Test
    void aCancelledBatchWaitsForItsRunningItemsAndListsTheRestAsNotRun() {
        batch("batch_1", 3);
        ClaimedItem running = store.claim("batch_1", "runner-a", 1, 4, T0, LEASE).getFirst();

        assertThat(store.cancel("batch_1", T0).orElseThrow().status()).isEqualTo(BatchStatus.CANCELLING);
        assertThat(store.claim("batch_1", "runner-a", 5, 4, T0, LEASE)).isEmpty();
        assertThat(store.settle("batch_1", T0, "file-out", "file-err")).isEmpty();
        store.finish(running, "runner-a", ItemState.SUCCEEDED, "{}", Optional.empty(), Optional.empty(), T0);
        Batch cancelled = store.settle("batch_1", T0, "file-out", "file-err").orElseThrow();

        assertThat(cancelled.status()).isEqualTo(BatchStatus.CANCELLED);
        assertThat(store.lines("batch_1", FileKind.OUTPUT, 0, 10)).hasSize(1);
        assertThat(store.lines("batch_1", FileKind.ERROR, 0, 10)).extracting(BatchStore.Line::text)
                .allSatisfy(line -> assertThat(line).contains("batch_cancelled"));
        assertThat(store.lines("batch_1", FileKind.ERROR, 2, 10)).extracting(BatchStore.Line::line).containsExactly(3);
        assertThat(store.cancel("batch_1", T0).orElseThrow().status()).isEqualTo(BatchStatus.CANCELLED);
    }

    @Test
    void filesAreListedNewestFirstPerKeyAndDeleted() {
        for (String id : List.of("file-1", "file-2", "file-3")) {
            store.addFile(new BatchFile(id, "key:k1", FileKind.INPUT, id + ".jsonl", 2, T0, Optional.empty()),
                    "{}".getBytes(StandardCharsets.UTF_8));
        }

        var page = store.files("key:k1", Optional.of(FileKind.INPUT), new PageRequest(2, Optional.empty()));

        assertThat(page.items()).extracting(BatchFile::id).containsExactly("file-3", "file-2");
        assertThat(store.files("key:k1", Optional.empty(), new PageRequest(2, page.next())).items())
                .extracting(BatchFile::id).containsExactly("file-1");
        assertThat(store.files("key:k1", Optional.of(FileKind.OUTPUT), PageRequest.FIRST).items()).isEmpty();
        assertThat(store.deleteFile("file-2")).isTrue();
        assertThat(store.deleteFile("file-2")).isFalse();
        assertThat(store.file("file-2")).isEmpty();
    }
}
