package dev.parley.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows, on PostgreSQL, the changes any replica makes to what replicas keep in memory (teams and keys, the catalog,
 * prepaid accounts): on a connection of its own it LISTENs on {@code parley_changes}, which the triggers of migration
 * V11 notify in the transaction of each change, and reads the kinds' versions in {@code config_versions} whenever it
 * is woken and at least every {@code check}. The versions decide: a kind whose version moved since it was last taken
 * is handed to the listener, on this feed's own thread (never an event loop). So a notification lost while the
 * connection was down, or never sent, is caught by the next check, and a listener that fails (the database away for
 * its reload too) is handed the kind again at the next one; until then the replica keeps what it has.
 *
 * <p>A lost connection is reopened with backoff, up to {@link #MAX_BACKOFF}. SQLite has no feed: one Parley owns
 * its file.
 */
public final class ChangeFeed implements AutoCloseable {

    /** Told of a kind whose version moved; throws when it could not take the change, to be told again later. */
    @FunctionalInterface
    public interface Listener {
        void changed(ConfigKind kind, long version);
    }

    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);
    static final String CHANNEL = "parley_changes";
    static final Duration MIN_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final String VERSIONS = "SELECT kind, version FROM config_versions";

    private final Database database;
    private final Duration check;
    private final Listener listener;
    private final Map<ConfigKind, Long> taken = new ConcurrentHashMap<>();
    /** The version of each kind whose failure was last logged, so that a retried failure is logged once. */
    private final Map<ConfigKind, Long> failed = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile Optional<Connection> session = Optional.empty();

    private ChangeFeed(Database database, Map<ConfigKind, Long> seen, Duration check, Listener listener) {
        this.database = database;
        this.check = check;
        this.listener = listener;
        this.taken.putAll(seen);
        this.thread = Thread.ofPlatform().name("parley-changes").daemon().unstarted(this::run);
    }

    /**
     * The versions now, to read before loading what they version, so that a change made in between is seen as one.
     * Empty on SQLite.
     *
     * @throws StoreException if the database fails
     */
    public static Map<ConfigKind, Long> versions(Database database) {
        if (database.kind() != Database.Kind.POSTGRESQL) {
            return Map.of();
        }
        return new Jdbc(database).read("reading the configuration versions", ChangeFeed::versions);
    }

    /**
     * Starts following on PostgreSQL, from the versions {@code seen} (what the replica has loaded); nothing on SQLite.
     */
    public static Optional<ChangeFeed> start(Database database, Map<ConfigKind, Long> seen, Duration check,
                                             Listener listener) {
        Objects.requireNonNull(listener, "listener");
        if (database.kind() != Database.Kind.POSTGRESQL) {
            return Optional.empty();
        }
        ChangeFeed feed = new ChangeFeed(database, seen, check, listener);
        feed.thread.start();
        return Optional.of(feed);
    }

    /** Whether the feed's connection is open and listening. */
    public boolean connected() {
        return connected;
    }

    /** The version of {@code kind} last taken (-1 before the first). */
    public long version(ConfigKind kind) {
        return taken.getOrDefault(kind, -1L);
    }

    private void run() {
        Duration backoff = MIN_BACKOFF;
        while (!closed) {
            try (Connection c = database.unpooled()) {
                session = Optional.of(c);
                try (Statement listen = c.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                log.info("Following configuration changes on the database (LISTEN {}, versions checked every {} ms)",
                        CHANNEL, check.toMillis());
                connected = true;
                backoff = MIN_BACKOFF;
                PGConnection notifications = c.unwrap(PGConnection.class);
                while (!closed) {
                    catchUp(c);
                    // Whatever wakes it, a notification or the check's time, the versions say what changed.
                    notifications.getNotifications((int) check.toMillis());
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (connected) {
                    log.warn("Lost the connection that follows configuration changes; requests go on with the"
                            + " configuration in memory, and it reconnects: {}", e.getMessage());
                }
                connected = false;
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } finally {
                session = Optional.empty();
            }
        }
    }

    private void catchUp(Connection c) throws SQLException {
        for (Map.Entry<ConfigKind, Long> now : versions(c).entrySet()) {
            ConfigKind kind = now.getKey();
            long version = now.getValue();
            if (taken.containsKey(kind) && taken.get(kind) == version) {
                continue;
            }
            try {
                listener.changed(kind, version);
                taken.put(kind, version);
                failed.remove(kind);
            } catch (RuntimeException e) {
                if (!Objects.equals(failed.put(kind, version), version)) {
                    log.warn("Cannot take the {} change (version {}) yet; the configuration in memory stays and it is"
                            + " tried again every {} ms: {}", kind.label(), version, check.toMillis(), e.getMessage());
                }
            }
        }
    }

    private static Map<ConfigKind, Long> versions(Connection c) throws SQLException {
        Map<ConfigKind, Long> versions = new EnumMap<>(ConfigKind.class);
        for (Map.Entry<String, Long> row : Jdbc.list(c, VERSIONS, List.of(),
                rs -> Map.entry(rs.getString(1), rs.getLong(2)))) {
            ConfigKind.of(row.getKey()).ifPresent(kind -> versions.put(kind, row.getValue()));
        }
        return versions;
    }

    private void pause(Duration backoff) {
        try {
            Thread.sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Stops following; returns once the feed's thread has ended. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        session.ifPresent(c -> {
            try {
                c.close();
            } catch (SQLException e) {
                // Closing is all that is wanted; the thread ends either way.
            }
        });
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
