package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The feed replicas follow each other's changes with: notifications, the version check, a failing listener. */
class PostgresChangeFeedTest extends RealDatabaseTest {

    /** Long enough that a change seen well before it was seen through its notification. */
    private static final Duration SLOW_CHECK = Duration.ofSeconds(30);

    private final List<String> heard = new CopyOnWriteArrayList<>();
    private ChangeFeed feed;

    @BeforeAll
    static void requireServer() {
        PostgresServer.requireReachable();
    }

    @Override
    protected TestDatabase freshDatabase() throws SQLException {
        return PostgresServer.freshSchema();
    }

    @AfterEach
    void stopFeed() {
        if (feed != null) {
            feed.close();
        }
    }

    @Test
    void everyKindStartsAtVersionZeroAndAWriteBumpsOnlyItsOwn() {
        assertThat(ChangeFeed.versions(database)).containsExactlyInAnyOrderEntriesOf(
                Map.of(ConfigKind.TENANCY, 0L, ConfigKind.CATALOG, 0L, ConfigKind.ACCOUNTS, 0L));

        new TenancyRepository(database).createTeam(Tenants.team("t1"));

        assertThat(ChangeFeed.versions(database)).containsExactlyInAnyOrderEntriesOf(
                Map.of(ConfigKind.TENANCY, 1L, ConfigKind.CATALOG, 0L, ConfigKind.ACCOUNTS, 0L));
    }

    @Test
    void aCommittedChangeIsHeardThroughItsNotificationLongBeforeTheCheck() {
        feed = follow(SLOW_CHECK, (kind, version) -> heard.add(kind.label() + " " + version));
        await().atMost(Duration.ofSeconds(10)).until(feed::connected);

        new TenancyRepository(database).createTeam(Tenants.team("t1"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard).containsExactly("tenancy 1"));
    }

    @Test
    void aVersionMovedWithoutANotificationIsCaughtByTheCheck() throws SQLException {
        feed = follow(Duration.ofMillis(300), (kind, version) -> heard.add(kind.label() + " " + version));
        await().atMost(Duration.ofSeconds(10)).until(feed::connected);

        // Behind Parley's back: no trigger runs on the versions themselves, so nothing is notified.
        testDatabase.execute("UPDATE config_versions SET version = version + 5 WHERE kind = 'catalog'");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard).containsExactly("catalog 5"));
        assertThat(feed.version(ConfigKind.CATALOG)).isEqualTo(5);
    }

    @Test
    void aListenerThatFailsIsToldAgainUntilItTakesTheChange() {
        AtomicBoolean databaseAway = new AtomicBoolean(true);
        feed = follow(Duration.ofMillis(200), (kind, version) -> {
            heard.add(kind.label() + " " + version);
            if (databaseAway.get()) {
                throw new StoreException.Unavailable("the reload could not read the store", null);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(feed::connected);

        new TenancyRepository(database).createTeam(Tenants.team("t1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() >= 2);
        assertThat(feed.version(ConfigKind.TENANCY)).isZero();
        databaseAway.set(false);

        await().atMost(Duration.ofSeconds(10)).until(() -> feed.version(ConfigKind.TENANCY) == 1);
        assertThat(heard).allMatch("tenancy 1"::equals);
    }

    private ChangeFeed follow(Duration check, ChangeFeed.Listener listener) {
        return ChangeFeed.start(database, ChangeFeed.versions(database), check, listener).orElseThrow();
    }
}
