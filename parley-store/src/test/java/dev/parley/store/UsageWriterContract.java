package dev.parley.store;

import static dev.parley.store.TestRows.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.usage.UsageRecord;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the usage writer promises, checked on each kind of database, with real failures of that database. */
abstract class UsageWriterContract extends RealDatabaseTest {

    /** Short delays keep the tests quick; the retry logic is the same as with the production delays. */
    private static final Backoff QUICK = new Backoff(Duration.ofMillis(5), Duration.ofMillis(50));

    private final List<UsageWriter> writers = new ArrayList<>();

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
    void aDatabaseOutageIsRetriedAndLosesNothing() throws SQLException {
        UsageWriter writer = writer(50, Duration.ofMillis(10), 10_000);
        IntStream.range(0, 100).forEach(i -> writer.record(TestRows.row("before-" + i)));
        writer.flush();
        assertThat(repository.count()).isEqualTo(100);

        try (CapturedLogs logs = CapturedLogs.capture()) {
            takeTableOffline();
            IntStream.range(0, 300).forEach(i -> writer.record(TestRows.row("during-" + i)));
            eventually().until(() -> writer.failedWrites() >= 3);
            assertThat(writer.writtenRows()).isEqualTo(100);
            assertThat(writer.pendingRows()).isEqualTo(300);

            bringTableBack();
            eventually().until(() -> writer.pendingRows() == 0);

            assertThat(logs.lines()).anyMatch(line -> line.contains("keeping them to retry"));
            assertThat(logs.lines()).noneMatch(line -> line.contains("during-") || line.contains("team-a"));
        }
        writer.close();

        assertThat(writer.writtenRows()).isEqualTo(400);
        assertThat(repository.count()).isEqualTo(400);
        assertThat(storedRequestIds()).containsAll(
                IntStream.range(0, 300).mapToObj(i -> "during-" + i).collect(Collectors.toSet()));
    }

    @Test
    void aFullQueueDropsAndCountsRowsInsteadOfBlockingTheCaller() throws SQLException {
        int capacity = 10;
        int batchSize = 5;
        UsageWriter writer = writer(batchSize, Duration.ofMillis(10), capacity);
        takeTableOffline();

        IntStream.range(0, 100).forEach(i -> writer.record(TestRows.row("burst-" + i)));

        // Nothing can be written, so only the queue and the batch in the writer's hands hold rows.
        assertThat(writer.droppedRows()).isGreaterThanOrEqualTo(100 - capacity - batchSize);
        assertThat(writer.droppedRows() + writer.pendingRows()).isEqualTo(100);

        bringTableBack();
        writer.close();

        assertThat(repository.count()).isEqualTo(100 - writer.droppedRows());
        assertThat(writer.writtenRows()).isEqualTo(100 - writer.droppedRows());
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

    @Test
    void closeWithAGracePeriodGivesUpOnADatabaseThatStaysDown() throws SQLException {
        UsageWriter writer = writer(5, Duration.ofMillis(10), 100);
        takeTableOffline();
        IntStream.range(0, 10).forEach(i -> writer.record(TestRows.row("stranded-" + i)));
        eventually().until(() -> writer.failedWrites() >= 1);

        long lost = writer.close(Duration.ofMillis(100));
        writer.close(); // returns once the writer thread has stopped

        assertThat(lost).isEqualTo(10);
        bringTableBack();
        assertThat(repository.count()).isZero();
    }

    private UsageWriter writer(int batchSize, Duration flushInterval, int queueCapacity) {
        UsageWriter writer = new UsageWriter(repository, batchSize, flushInterval, queueCapacity, QUICK);
        writers.add(writer);
        return writer;
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
