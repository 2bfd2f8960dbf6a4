package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Replicas started at once on an empty database: one migrates, the others wait for it and find the schema done. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PostgresMigrationLockTest {

    private static final int REPLICAS = 6;

    @BeforeAll
    static void requireServer() {
        PostgresServer.requireReachable();
    }

    @Test
    void replicasOpeningAnEmptyDatabaseAtOnceAllStartAndMigrateItOnce() throws Exception {
        try (TestDatabase empty = PostgresServer.freshSchema()) {
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(REPLICAS);
            List<Future<Database>> opened = new ArrayList<>();
            for (int i = 0; i < REPLICAS; i++) {
                opened.add(threads.submit(() -> {
                    go.await();
                    return Database.open(empty.url());
                }));
            }
            go.countDown();
            List<Database> databases = new ArrayList<>();
            try {
                for (Future<Database> database : opened) {
                    databases.add(database.get(90, TimeUnit.SECONDS));
                }
            } finally {
                threads.shutdown();
                databases.forEach(Database::close);
            }

            assertThat(databases).hasSize(REPLICAS);
            assertThat(empty.strings("SELECT version || ' ' || success FROM flyway_schema_history"
                    + " ORDER BY installed_rank")).containsExactly("1 true", "2 true", "3 true", "4 true", "5 true", "6 true",
                    "7 true", "8 true", "9 true", "10 true", "11 true", "12 true", "13 true", "14 true", "16 true", "17 true",
                    "18 true");
            assertThat(empty.strings("SELECT count(*) FROM config_versions")).containsExactly("3");
        }
    }
}
