package dev.parley.store;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * Gives each test a fresh real database, opened (and so migrated) by Parley. Subclasses say which kind; the
 * contracts that extend this run unchanged on every kind.
 */
// A safety net against a hang, not a timing assertion: every wait in these tests is for a condition.
@Timeout(value = 2, unit = TimeUnit.MINUTES)
abstract class RealDatabaseTest {

    protected TestDatabase testDatabase;
    protected Database database;
    protected UsageRepository repository;

    /** A fresh, empty database for one test. */
    protected abstract TestDatabase freshDatabase() throws Exception;

    @BeforeEach
    void openFreshDatabase() throws Exception {
        testDatabase = freshDatabase();
        database = Database.open(testDatabase.url());
        repository = new UsageRepository(database);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        database.close();
        testDatabase.close();
    }
}
