package dev.parley.store;

import static dev.parley.store.TestRows.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.usage.LedgerDurability;
import dev.parley.core.usage.UsageRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the usage writer promises, checked on each kind of database, with real failures of that database. */
abstract class UsageWriterContract extends RealDatabaseTest {

    /** Short delays keep the tests quick; the retry logic is the same as with the production delays. */
    private static final Backoff QUICK = new Backoff(Duration.ofMillis(5), Duration.ofMillis(50));

    private final List<UsageWriter> writers = new ArrayList<>();

    @TempDir
    Path journalRoot;

    private Path journalFolder;

    @BeforeEach
    void chooseJournalFolder() {
        journalFolder = journalRoot.resolve("usage-journal");
    }

    @AfterEach
    void closeWriters() {
        writers.forEach(writer -> writer.close(Duration.ofSeconds(10)));
    }

    @Test
    void concurrentRecordersLoseNothingAndDuplicateNothing() throws Exception {
        int threads = 16;
        int rowsPerThread = 500;
        UsageWriter writer = writer(100, Duration.ofMillis(10), threads * rowsPerThread);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> recorders = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                String prefix = "thread-" + t + "-";
                recorders.add(pool.submit(() -> {
                    start.await();
                    IntStream.range(0, rowsPerThread).forEach(i -> writer.record(TestRows.row(prefix + i)));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> recorder : recorders) {
                recorder.get();
            }
        }

        writer.close();

        Set<String> expected = new HashSet<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < rowsPerThread; i++) {
                expected.add("thread-" + t + "-" + i);
            }
        }
        assertThat(repository.count()).isEqualTo(expected.size());
        assertThat(storedRequestIds()).isEqualTo(expected);
        assertThat(writer.writtenRows()).isEqualTo(expected.size());
        assertThat(writer.droppedRows()).isZero();
        assertThat(writer.pendingRows()).isZero();
    }

    @Test
    void flushMakesEverythingRecordedBeforeItVisible() {
        // Neither a full batch nor the interval would write these rows during the test: only flush can.
        UsageWriter writer = writer(1_000, Duration.ofHours(1), 1_000);
        IntStream.range(0, 10).forEach(i -> writer.record(TestRows.row("flushed-" + i)));

        writer.flush();

        assertThat(repository.count()).isEqualTo(10);
        assertThat(writer.writtenRows()).isEqualTo(10);
        assertThat(writer.pendingRows()).isZero();
    }

    @Test
    void closeWritesEverythingQueuedWithoutWaitingForTheInterval() {
        UsageWriter writer = writer(1_000, Duration.ofHours(1), 1_000);
        IntStream.range(0, 250).forEach(i -> writer.record(TestRows.row("queued-" + i)));

        assertThat(writer.close(Duration.ofMinutes(1))).isZero();

        assertThat(repository.count()).isEqualTo(250);
    }

    @Test
    void recordAfterCloseIsRefusedAndCountedNotThrown() {
        UsageWriter writer = writer(10, Duration.ofMillis(10), 100);
        writer.record(TestRows.row("before"));
        writer.close();

        writer.record(TestRows.row("after"));
        writer.record(null);
        writer.flush();
        writer.close();

        assertThat(writer.droppedRows()).isEqualTo(2);
        assertThat(writer.pendingRows()).isZero();
        assertThat(repository.findByRequestId("after")).isEmpty();
        assertThat(repository.count()).isOne();
    }

    @Test
    void aDatabaseOutageSpillsToTheJournalAndEveryRowIsStoredOnceWhenItIsBack() throws SQLException {
        UsageWriter writer = writer(50, Duration.ofMillis(10), 10_000);
        IntStream.range(0, 100).forEach(i -> writer.record(TestRows.row("before-" + i)));
        writer.flush();
        assertThat(repository.count()).isEqualTo(100);
        assertThat(journalFiles()).isEmpty();

        try (CapturedLogs logs = CapturedLogs.capture()) {
            takeTableOffline();
            IntStream.range(0, 300).forEach(i -> writer.record(TestRows.row("during-" + i)));
            eventually().until(() -> writer.spilledRows() == 300);
            assertThat(writer.writtenRows()).isEqualTo(100);
            assertThat(writer.pendingRows()).isEqualTo(300);
            assertThat(journalFiles()).isNotEmpty();
            eventually().until(() -> writer.failedWrites() >= 3);

            bringTableBack();
            eventually().until(() -> writer.pendingRows() == 0);

            assertThat(logs.lines()).anyMatch(line -> line.contains("Spilling usage rows to the journal"));
            assertThat(logs.lines()).anyMatch(line -> line.contains("spilling stopped"));
            assertThat(logs.lines()).noneMatch(line -> line.contains("during-") || line.contains("team-a"));
        }
        writer.close();

        assertThat(writer.replayedRows()).isEqualTo(300);
        assertThat(writer.writtenRows()).isEqualTo(400);
        assertThat(repository.count()).isEqualTo(400);
        assertThat(storedRequestIds()).containsAll(
                IntStream.range(0, 300).mapToObj(i -> "during-" + i).collect(Collectors.toSet()));
        assertThat(journalFiles()).isEmpty();
    }

    @Test
    void aFullQueueSpillsToTheJournalInsteadOfBlockingOrDropping() throws SQLException {
        int capacity = 10;
        UsageWriter writer = writer(5, Duration.ofMillis(10), capacity);
        takeTableOffline();

        IntStream.range(0, 1_000).forEach(i -> writer.record(TestRows.row("burst-" + i)));

        assertThat(writer.droppedRows()).isZero();
        assertThat(writer.pendingRows()).isEqualTo(1_000);
        assertThat(writer.spilledRows()).isGreaterThan(0);

        bringTableBack();
        writer.close();

        assertThat(repository.count()).isEqualTo(1_000);
        assertThat(writer.writtenRows()).isEqualTo(1_000);
        assertThat(journalFiles()).isEmpty();
    }

    @Test
    void journalModeAcknowledgesARowOnlyOnceItIsOnDiskEvenWithTheDatabaseDown() throws Exception {
        takeTableOffline();
        UsageWriter writer = writer(LedgerDurability.JOURNAL, 50, Duration.ofHours(1), 1_000);

        List<CompletableFuture<Void>> acks = IntStream.range(0, 20)
                .mapToObj(i -> writer.recordAcknowledged(TestRows.row("acked-" + i)).toCompletableFuture())
                .toList();
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        // Acknowledged: every row is in the journal, none in the database yet.
        assertThat(journalRequestIds()).containsAll(
                IntStream.range(0, 20).mapToObj(i -> "acked-" + i).toList());
        assertThat(writer.pendingRows()).isEqualTo(20);

        bringTableBack();
        eventually().until(() -> writer.pendingRows() == 0);
        writer.close();
        assertThat(repository.count()).isEqualTo(20);
        assertThat(journalFiles()).isEmpty();
    }

    @Test
    void journalModeWritesThroughToTheDatabaseAndLeavesNoJournalBehind() {
        UsageWriter writer = writer(LedgerDurability.JOURNAL, 50, Duration.ofHours(1), 1_000);
        IntStream.range(0, 500).forEach(i -> writer.record(TestRows.row("through-" + i)));

        writer.flush();

        assertThat(repository.count()).isEqualTo(500);
        assertThat(writer.spilledRows()).isZero();
        assertThat(journalFiles()).isEmpty();
        writer.close();
    }

    @Test
    void closeWithAGracePeriodLeavesTheRestInTheJournalForTheNextStart() throws Exception {
        UsageWriter writer = writer(5, Duration.ofMillis(10), 100);
        takeTableOffline();
        IntStream.range(0, 10).forEach(i -> writer.record(TestRows.row("stranded-" + i)));
        eventually().until(() -> writer.failedWrites() >= 1);

        long lost = writer.close(Duration.ofMillis(100));

        assertThat(lost).isZero();
        bringTableBack();
        assertThat(repository.count()).isZero();
        assertThat(journalRequestIds()).hasSize(10);

        UsageWriter next = writer(5, Duration.ofMillis(10), 100);
        // Replayed while it was built, before it took any row.
        assertThat(repository.count()).isEqualTo(10);
        assertThat(next.replayedRows()).isEqualTo(10);
        assertThat(journalFiles()).isEmpty();
    }

    @Test
    void aJournalReplayedTwiceStoresEachRowOnce() throws Exception {
        List<UsageRecord> rows = IntStream.range(0, 250).mapToObj(i -> TestRows.row("replayed-" + i)).toList();
        try (UsageJournal journal = UsageJournal.open(journalFolder)) {
            journal.append(rows);
            journal.force();
        }
        List<Path> segments = journalFiles();
        Path copies = Files.createDirectories(journalFolder.resolveSibling("copies"));
        for (Path segment : segments) {
            Files.copy(segment, copies.resolve(segment.getFileName()));
        }
        // A crash in the middle of the first replay: some rows are in, the segment was not deleted yet.
        repository.insertBatch(rows.subList(0, 100));

        UsageWriter first = writer(40, Duration.ofMillis(10), 100);
        first.close();
        assertThat(repository.count()).isEqualTo(250);
        assertThat(journalFiles()).isEmpty();

        // And the very same journal once more, as if the deletion had been lost.
        for (Path segment : segments) {
            Files.copy(copies.resolve(segment.getFileName()), segment);
        }
        UsageWriter second = writer(40, Duration.ofMillis(10), 100);
        second.close();

        assertThat(repository.count()).isEqualTo(250);
        assertThat(storedRequestIds()).isEqualTo(
                rows.stream().map(UsageRecord::requestId).collect(Collectors.toSet()));
        assertThat(second.replayedRows()).isEqualTo(250);
        assertThat(journalFiles()).isEmpty();
    }

    @Test
    void aLineTornByACrashIsSkippedAndTheRestReplayed() throws Exception {
        try (UsageJournal journal = UsageJournal.open(journalFolder)) {
            journal.append(List.of(TestRows.row("whole-1"), TestRows.row("whole-2")));
        }
        Path segment = journalFiles().getFirst();
        String torn = UsageRowJson.write(TestRows.row("torn"));
        Files.writeString(segment, torn.substring(0, torn.length() / 2), StandardOpenOption.APPEND);

        writer(10, Duration.ofMillis(10), 100).close();

        assertThat(storedRequestIds()).containsExactlyInAnyOrder("whole-1", "whole-2");
        assertThat(journalFiles()).isEmpty();
    }

    @Test
    void aRowTheDatabaseRefusesDoesNotHoldUpTheOthers() throws SQLException {
        testDatabase.refusePoisonRows();
        UsageWriter writer = writer(50, Duration.ofMillis(10), 1_000);

        IntStream.range(0, 20).forEach(i -> writer.record(TestRows.row("ahead-" + i)));
        writer.record(TestRows.row("poisoned", T0, TestDatabase.POISON_MODEL));
        IntStream.range(0, 20).forEach(i -> writer.record(TestRows.row("behind-" + i)));
        writer.close();

        assertThat(writer.rejectedRows()).isOne();
        assertThat(writer.writtenRows()).isEqualTo(40);
        assertThat(writer.pendingRows()).isZero();
        assertThat(repository.count()).isEqualTo(40);
        assertThat(repository.findByRequestId("poisoned")).isEmpty();
    }

    private UsageWriter writer(int batchSize, Duration flushInterval, int queueCapacity) {
        return writer(LedgerDurability.BATCHED, batchSize, flushInterval, queueCapacity);
    }

    private UsageWriter writer(LedgerDurability durability, int batchSize, Duration flushInterval, int queueCapacity) {
        UsageWriter writer = new UsageWriter(repository, UsageJournal.open(journalFolder), durability, batchSize,
                flushInterval, queueCapacity, QUICK);
        writers.add(writer);
        return writer;
    }

    private List<Path> journalFiles() {
        try (Stream<Path> files = Files.list(journalFolder)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> journalRequestIds() throws IOException {
        List<String> ids = new ArrayList<>();
        for (Path segment : journalFiles()) {
            UsageJournal.read(segment).rows().forEach(row -> ids.add(row.requestId()));
        }
        return ids;
    }

    /** A real failure on both databases: every insert fails until the table is back. */
    private void takeTableOffline() throws SQLException {
        testDatabase.execute("ALTER TABLE usage_records RENAME TO usage_records_offline");
    }

    private void bringTableBack() throws SQLException {
        testDatabase.execute("ALTER TABLE usage_records_offline RENAME TO usage_records");
    }

    private Set<String> storedRequestIds() {
        return repository.recent(Integer.MAX_VALUE).stream()
                .map(UsageRecord::requestId)
                .collect(Collectors.toSet());
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(60));
    }
}
