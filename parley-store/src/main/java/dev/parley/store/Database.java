package dev.parley.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * An open, migrated database behind a connection pool. Opening runs every pending migration of the database's
 * kind, so a {@code Database} always has the schema this code expects.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    /** How long a SQLite writer waits for another one to finish before giving up with SQLITE_BUSY. */
    private static final int SQLITE_BUSY_TIMEOUT_MS = 10_000;
    private static final int SQLITE_POOL_SIZE = 4;
    private static final int POSTGRES_POOL_SIZE = 4;
    private static final long POSTGRES_CONNECTION_TIMEOUT_MS = 10_000;
    /** The first key of the migration's advisory lock ("parl"); the second is the schema's hash. */
    private static final int MIGRATION_LOCK = 0x7061726c;

    /** The database engines Parley supports; each has its own migration history. */
    public enum Kind {
        SQLITE("sqlite"),
        POSTGRESQL("postgresql");

        private final String migrationFolder;

        Kind(String migrationFolder) {
            this.migrationFolder = migrationFolder;
        }

        String migrationLocation() {
            return "classpath:db/migration/" + migrationFolder;
        }
    }

    private final Kind kind;
    private final String maskedUrl;
    private final HikariDataSource pool;

    private Database(Kind kind, String maskedUrl, HikariDataSource pool) {
        this.kind = kind;
        this.maskedUrl = maskedUrl;
        this.pool = pool;
    }

    /**
     * Opens the database at {@code url}, creating a SQLite file (and its folders) if needed, and migrates it.
     *
     * @throws IllegalArgumentException if the URL is not one of the accepted forms
     * @throws StoreException.Unavailable if the database cannot be reached or migrated
     */
    public static Database open(String url) {
        DatabaseUrl parsed = DatabaseUrl.parse(url);
        HikariDataSource pool = pool(parsed);
        try {
            MigrateResult result = migrate(parsed.kind(), pool);
            log.info("Opened {} (schema version {}, {} migration(s) applied now)",
                    parsed.masked(), result.targetSchemaVersion, result.migrationsExecuted);
            Database database = new Database(parsed.kind(), parsed.masked(), pool);
            // The ledger's days ahead (PostgreSQL); never fails the start, since the default partition takes rows.
            new UsagePartitions(database).prepare(Instant.now());
            return database;
        } catch (FlywayException e) {
            pool.close();
            throw new StoreException.Unavailable("cannot migrate " + parsed.masked() + ": " + e.getMessage(), e);
        }
    }

    public Kind kind() {
        return kind;
    }

    /** A pooled connection; the caller closes it to give it back. */
    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /**
     * A connection of its own, outside the pool, for a session that lives long (LISTEN): the pool's connections are
     * for short units of work. The caller closes it.
     */
    Connection unpooled() throws SQLException {
        Properties properties = new Properties();
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        properties.setProperty("ApplicationName", "parley");
        properties.setProperty("logServerErrorDetail", "false");
        // A server or link gone silent is noticed within this, not after the kernel's TCP timeouts.
        properties.setProperty("socketTimeout", "15");
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(pool.getJdbcUrl(), properties);
    }

    /** Closes the pool. Close the {@link UsageWriter} first, so that it can write what it still holds. */
    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "Database[" + maskedUrl + "]";
    }

    private static HikariDataSource pool(DatabaseUrl url) {
        HikariConfig config = switch (url) {
            case DatabaseUrl.Sqlite sqlite -> sqliteConfig(sqlite);
            case DatabaseUrl.Postgres postgres -> postgresConfig(postgres);
        };
        config.setPoolName("parley-" + url.kind().migrationFolder);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            // Hikari wraps the driver's refusal; its message names host and port but never a password.
            throw new StoreException.Unavailable("cannot connect to " + url.masked() + ": " + e.getMessage(), e);
        }
    }

    private static HikariConfig sqliteConfig(DatabaseUrl.Sqlite url) {
        createParentFolders(url.file());
        SQLiteConfig sqlite = new SQLiteConfig();
        // WAL lets readers run beside the single writer; NORMAL only syncs at checkpoints, which in WAL mode
        // keeps every commit across a process crash and risks only the latest ones on power loss.
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
        // Take the write lock when a transaction begins, so that busy_timeout applies instead of a deadlock
        // between two transactions that both read first and then try to write.
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        sqlite.enforceForeignKeys(true);
        SQLiteDataSource dataSource = new SQLiteDataSource(sqlite);
        dataSource.setUrl(url.jdbcUrl());

        HikariConfig config = new HikariConfig();
        config.setDataSource(dataSource);
        config.setMaximumPoolSize(SQLITE_POOL_SIZE);
        return config;
    }

    private static HikariConfig postgresConfig(DatabaseUrl.Postgres url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        url.user().ifPresent(config::setUsername);
        url.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(POSTGRES_POOL_SIZE);
        config.setMinimumIdle(1);
        // A database gone away fails a unit of work after this (not Hikari's 30 s), so that the ledger's writer
        // spills to its journal soon and an admin call answers instead of hanging.
        config.setConnectionTimeout(POSTGRES_CONNECTION_TIMEOUT_MS);
        config.addDataSourceProperty("ApplicationName", "parley");
        // Keeps row values out of exception messages (server DETAIL and a failed batch's parameters), so
        // that errors can be logged as they are.
        config.addDataSourceProperty("logServerErrorDetail", "false");
        // Sends a JDBC batch as multi-row INSERTs: one round trip per batch instead of one per row.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        return config;
    }

    /**
     * Migrates under a lock that every process migrating the same schema takes: on PostgreSQL a session advisory lock
     * keyed by the schema, held on a connection of its own while Flyway works on others (Flyway takes one of its own
     * too; this one does not depend on how Flyway is configured). Replicas started at once on an empty database
     * therefore migrate it once: the first applies every version, the others wait and find nothing pending. The lock
     * goes with its connection if the process dies. SQLite's migrations are serialized by its write lock.
     */
    private static MigrateResult migrate(Kind kind, HikariDataSource pool) {
        if (kind == Kind.SQLITE) {
            return flyway(kind, pool);
        }
        try (Connection lock = pool.getConnection()) {
            advisory(lock, "SELECT pg_advisory_lock(" + MIGRATION_LOCK + ", hashtext(current_schema()))");
            try {
                return flyway(kind, pool);
            } finally {
                advisory(lock, "SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ", hashtext(current_schema()))");
            }
        } catch (SQLException e) {
            throw new FlywayException("cannot take the migration lock: " + e.getMessage(), e);
        }
    }

    private static void advisory(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static MigrateResult flyway(Kind kind, HikariDataSource pool) {
        return Flyway.configure()
                .dataSource(pool)
                .locations(kind.migrationLocation())
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .load()
                .migrate();
    }

    private static void createParentFolders(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreException.Unavailable("cannot create the folder of SQLite database " + file, e);
        }
    }
}
