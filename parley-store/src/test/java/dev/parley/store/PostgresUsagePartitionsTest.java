package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.usage.UsageRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The ledger partitioned by day on PostgreSQL (V11): where rows land, exactly once, and retention by day. */
class PostgresUsagePartitionsTest extends RealDatabaseTest {

    private static final Instant DAY = Instant.parse("2026-03-01T00:00:00Z");

    @BeforeAll
    static void requireServer() {
        PostgresServer.requireReachable();
    }

    @Override
    protected TestDatabase freshDatabase() throws SQLException {
        return PostgresServer.freshSchema();
    }

    @Test
    void openingMakesTodayAndTheNextDays() {
        long today = UsagePartitions.dayOf(Micros.of(Instant.now()));

        assertThat(new UsagePartitions(database).days())
                .contains(today, today + 1, today + UsagePartitions.AHEAD);
    }

    @Test
    void theFirstRowOfACurrentDayMakesTheDaysAfterItAndAnOldDayMakesOnlyItself() {
        long today = UsagePartitions.dayOf(Micros.of(Instant.now()));
        assertThat(new UsagePartitions(database).days()).doesNotContain(today + UsagePartitions.AHEAD + 1);

        repository.insertBatch(List.of(TestRows.row("tomorrow", Instant.now().plus(Duration.ofDays(1)), "gpt-4o"),
                TestRows.row("old", DAY, "gpt-4o")));

        long old = UsagePartitions.dayOf(Micros.of(DAY));
        assertThat(new UsagePartitions(database).days()).contains(today + UsagePartitions.AHEAD + 1, old)
                .doesNotContain(old + 1);
    }

    @Test
    void rowsOfEachDayLandInThatDaysPartitionAndNoneInTheDefault() throws SQLException {
        List<UsageRecord> rows = new ArrayList<>();
        for (int day = 0; day < 4; day++) {
            rows.add(TestRows.row("r" + day + "-early", DAY.plus(Duration.ofDays(day)), "gpt-4o"));
            rows.add(TestRows.row("r" + day + "-late", DAY.plus(Duration.ofDays(day)).plusSeconds(86_399), "gpt-4o"));
        }

        repository.insertBatch(rows);

        assertThat(testDatabase.strings("SELECT tableoid::regclass || ' ' || request_id FROM usage_records"
                + " ORDER BY request_id")).containsExactly(
                "usage_records_p20260301 r0-early", "usage_records_p20260301 r0-late",
                "usage_records_p20260302 r1-early", "usage_records_p20260302 r1-late",
                "usage_records_p20260303 r2-early", "usage_records_p20260303 r2-late",
                "usage_records_p20260304 r3-early", "usage_records_p20260304 r3-late");
        assertThat(repository.findByRequestId("r2-late")).contains(rows.get(5));
    }

    @Test
    void replicasMakingTheSameNewDayAtOnceAllStoreTheirRowsInIt() throws Exception {
        int replicas = 3;
        List<Database> opened = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(replicas);
        try {
            for (int i = 0; i < replicas; i++) {
                opened.add(Database.open(testDatabase.url()));
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                UsageRepository replica = new UsageRepository(opened.get(i));
                String name = "replica-" + i;
                writes.add(threads.submit(() -> {
                    go.await();
                    replica.insertBatch(List.of(TestRows.row(name + "-a", DAY.plusSeconds(1), "gpt-4o"),
                            TestRows.row(name + "-b", DAY.plusSeconds(2), "gpt-4o")));
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> write : writes) {
                write.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdown();
            opened.forEach(Database::close);
        }

        assertThat(repository.count()).isEqualTo(2L * replicas);
        assertThat(testDatabase.strings("SELECT count(*) FROM usage_records_p20260301")).containsExactly("6");
    }

    @Test
    void aRetriedOrReplayedBatchIsStoredAndRolledUpOnce() throws SQLException {
        List<UsageRecord> rows = List.of(
                TestRows.priced("a", DAY, "0.25", TestRows.PERSONAL),
                TestRows.priced("b", DAY.plus(Duration.ofDays(1)), "0.5", TestRows.PERSONAL));

        repository.insertBatch(rows);
        repository.insertBatch(rows);
        new UsageRepository(database).insertBatch(List.of(rows.get(1), rows.get(0), rows.get(1)));

        assertThat(repository.count()).isEqualTo(2);
        assertThat(testDatabase.strings("SELECT sum(requests) || ' ' || sum(cost_total_units) FROM usage_daily"))
                .containsExactly("2 7500000000");
    }

    @Test
    void rowsThatWaitedInTheDefaultPartitionMoveToTheirDayWhenItIsMade() throws SQLException {
        UsageRecord early = TestRows.row("waited", DAY.plusSeconds(60), "gpt-4o");
        // Through the side door, as a row whose day could not be made in time would have gone in.
        insertBehindTheStore(early);
        assertThat(testDatabase.strings("SELECT request_id FROM " + UsagePartitions.DEFAULT_PARTITION))
                .containsExactly("waited");

        repository.insertBatch(List.of(TestRows.row("later", DAY.plusSeconds(120), "gpt-4o"), early));

        assertThat(testDatabase.strings("SELECT count(*) FROM " + UsagePartitions.DEFAULT_PARTITION))
                .containsExactly("0");
        assertThat(testDatabase.strings("SELECT request_id FROM usage_records_p20260301 ORDER BY request_id"))
                .containsExactly("later", "waited");
        assertThat(repository.count()).isEqualTo(2);
    }

    @Test
    void retentionDropsTheWholeDaysBeforeTheCutoffAndDeletesThePartOfItsDay() throws SQLException {
        List<UsageRecord> rows = new ArrayList<>();
        for (int day = 0; day < 5; day++) {
            for (int hour : new int[] {1, 13}) {
                rows.add(TestRows.priced("d" + day + "h" + hour, DAY.plus(Duration.ofDays(day).plusHours(hour)),
                        "0.1", TestRows.PERSONAL));
            }
        }
        repository.insertBatch(rows);
        List<String> dailyBefore = testDatabase.strings("SELECT bucket_start || ' ' || requests FROM usage_daily"
                + " ORDER BY bucket_start");

        long deleted = new UsageRetention(database).deleteRawBefore(DAY.plus(Duration.ofDays(3).plusHours(12)));

        assertThat(deleted).isEqualTo(7);
        long first = UsagePartitions.dayOf(Micros.of(DAY));
        assertThat(new UsagePartitions(database).days()).doesNotContain(first, first + 1, first + 2)
                .contains(first + 3, first + 4);
        assertThat(testDatabase.strings("SELECT request_id FROM usage_records ORDER BY request_id"))
                .containsExactly("d3h13", "d4h1", "d4h13");
        assertThat(testDatabase.strings("SELECT bucket_start || ' ' || requests FROM usage_daily"
                + " ORDER BY bucket_start")).isEqualTo(dailyBefore);
        // A day dropped is made again if a late row of it arrives, and the row is kept.
        repository.insertBatch(List.of(TestRows.row("late", DAY.plusSeconds(5), "gpt-4o")));
        assertThat(repository.findByRequestId("late")).isPresent();
    }

    @Test
    void migratingALedgerOfVersionTenMovesEveryRowIntoItsDay() throws Exception {
        database.close();
        try (TestDatabase old = PostgresServer.freshSchema()) {
            PGSimpleDataSource source = new PGSimpleDataSource();
            source.setURL(old.url());
            Flyway.configure().dataSource(source).locations(Database.Kind.POSTGRESQL.migrationLocation())
                    .target("10").load().migrate();
            List<UsageRecord> rows = List.of(TestRows.row("x", DAY, "gpt-4o"),
                    TestRows.row("y", DAY.plus(Duration.ofDays(2)), "gpt-4o"), TestRows.full("z"));
            try (Connection c = old.sideDoor()) {
                for (UsageRecord row : rows) {
                    insertRaw(c, row);
                }
            }

            database = Database.open(old.url());
            UsageRepository migrated = new UsageRepository(database);

            assertThat(migrated.count()).isEqualTo(3);
            for (UsageRecord row : rows) {
                assertThat(migrated.findByRequestId(row.requestId())).contains(row);
            }
            assertThat(old.strings("SELECT count(*) FROM " + UsagePartitions.DEFAULT_PARTITION)).containsExactly("0");
            assertThat(old.strings("SELECT tableoid::regclass || ' ' || request_id FROM usage_records"
                    + " WHERE request_id IN ('x', 'y') ORDER BY request_id"))
                    .containsExactly("usage_records_p20260301 x", "usage_records_p20260303 y");
            migrated.insertBatch(rows);
            assertThat(migrated.count()).isEqualTo(3);
            database.close();
        }
        database = Database.open(testDatabase.url());
    }

    private void insertBehindTheStore(UsageRecord row) throws SQLException {
        try (Connection c = testDatabase.sideDoor()) {
            insertRaw(c, row);
        }
    }

    private static void insertRaw(Connection c, UsageRecord row) throws SQLException {
        try (var insert = c.prepareStatement("INSERT INTO usage_records (" + UsageRows.COLUMNS + ") VALUES ("
                + UsageRows.PLACEHOLDERS + ")")) {
            UsageRows.bind(insert, 0, row);
            insert.executeUpdate();
        }
    }
}
