package dev.parley.store;

import dev.parley.core.usage.UsageRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes the usage ledger. The SQL is the same on SQLite and PostgreSQL but for the insert's conflict
 * target: PostgreSQL's ledger is partitioned by day (migration V11), so its key is the request id with the start.
 *
 * <p>Every method throws {@link StoreException} when the database fails.
 */
public final class UsageRepository {

    // Rows per INSERT statement: 37 placeholders each stays far below SQLite's 32,766 and PostgreSQL's 65,535.
    static final int ROWS_PER_STATEMENT = 100;

    private static final String COUNT = "SELECT count(*) FROM usage_records";

    private static final String FIND_BY_REQUEST_ID =
            "SELECT " + UsageRows.COLUMNS + " FROM usage_records WHERE request_id = ?";

    // request_id breaks ties so that pages are stable when many requests start in the same microsecond.
    private static final String RECENT = "SELECT " + UsageRows.COLUMNS + " FROM usage_records"
            + " ORDER BY started_at DESC, request_id DESC LIMIT ?";

    private final Database database;
    private final UsagePartitions partitions;
    private final String conflictTarget;

    public UsageRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
        this.partitions = new UsagePartitions(database);
        this.conflictTarget = switch (database.kind()) {
            case SQLITE -> "(request_id)";
            // A partitioned table's unique keys hold its partition key. A retried or replayed row is the same row,
            // with the same request id and the same start, so it is still skipped.
            case POSTGRESQL -> "(request_id, started_at)";
        };
    }

    /**
     * Writes the rows in one transaction: all of them or none. Rows whose request id is already stored are
     * skipped, so inserting the same rows again is harmless.
     *
     * @throws StoreException.Rejected if the database refuses a row's data (retrying the same rows is futile)
     * @throws StoreException.Unavailable for any other failure (nothing was written; a retry may succeed)
     */
    public void insertBatch(List<UsageRecord> rows) {
        if (rows.isEmpty()) {
            return;
        }
        // Before the insert's transaction, in short ones of their own; the default partition takes the rows if not.
        partitions.ensure(starts(rows));
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                List<UsageRecord> inserted = switch (database.kind()) {
                    case SQLITE -> insertEach(connection, conflictTarget, rows);
                    case POSTGRESQL -> insertInStatements(connection, conflictTarget, rows);
                };
                LedgerEffects.apply(connection, database.kind(), List.copyOf(inserted));
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw SqlFailures.classify(database.kind(), "inserting " + rows.size() + " usage row(s)", e);
        } catch (ArithmeticException e) {
            throw new StoreException.Rejected("a usage row has a time, duration, count or cost beyond the storable range", e);
        }
    }

    /**
     * PostgreSQL: the rows in statements of {@link #ROWS_PER_STATEMENT}, each one round trip to the server. */
    private static List<UsageRecord> insertInStatements(Connection connection, String conflictTarget,
                                                        List<UsageRecord> rows) throws SQLException {
        List<UsageRecord> inserted = new ArrayList<>(rows.size());
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            int to = Math.min(rows.size(), from + ROWS_PER_STATEMENT);
            inserted.addAll(insert(connection, conflictTarget, rows.subList(from, to)));
        }
        return inserted;
    }

    /**
     * SQLite: one single-row statement, prepared once and run for each row; SQLite is in the process, so a statement
     * per row costs no round trip, while compiling a statement of a hundred rows' placeholders took a quarter of the
     * writer's time. A row counts as stored when its statement changed a row: a request id already stored, or seen
     * earlier in the batch, changes none, so the first version of a row wins, as with {@link #insert}.
     */
    private static List<UsageRecord> insertEach(Connection connection, String conflictTarget, List<UsageRecord> rows)
            throws SQLException {
        String sql = "INSERT INTO usage_records (" + UsageRows.COLUMNS + ") VALUES (" + UsageRows.PLACEHOLDERS + ")"
                + " ON CONFLICT " + conflictTarget + " DO NOTHING";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (UsageRecord row : rows) {
                UsageRows.bind(insert, 0, row);
                insert.addBatch();
            }
            int[] changed = insert.executeBatch();
            List<UsageRecord> inserted = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                if (changed[i] > 0) {
                    inserted.add(rows.get(i));
                }
            }
            return inserted;
        }
    }

    /**
     * Inserts {@code rows} with one statement and returns those it stored: a row whose request id was already
     * stored, or came earlier in the same batch, is skipped and not returned. A request id is written at most once,
     * so replaying a batch after an unclear failure (say, a commit whose acknowledgement was lost) can never count a
     * request twice; the first version of a row wins. RETURNING tells exactly which rows went in, which the
     * effects of an insert ({@link LedgerEffects}) need in the same transaction.
     */
    private static List<UsageRecord> insert(Connection connection, String conflictTarget, List<UsageRecord> rows)
            throws SQLException {
        String values = ("(" + UsageRows.PLACEHOLDERS + "), ").repeat(rows.size() - 1) + "(" + UsageRows.PLACEHOLDERS + ")";
        String sql = "INSERT INTO usage_records (" + UsageRows.COLUMNS + ") VALUES " + values
                + " ON CONFLICT " + conflictTarget + " DO NOTHING RETURNING request_id";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (int i = 0; i < rows.size(); i++) {
                UsageRows.bind(insert, i * UsageRows.COLUMN_COUNT, rows.get(i));
            }
            Set<String> stored = new HashSet<>();
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
            List<UsageRecord> inserted = new ArrayList<>(stored.size());
            for (UsageRecord row : rows) {
                // remove: a request id twice in one batch was stored once, as its first row.
                if (stored.remove(UsageRows.text(row.requestId()))) {
                    inserted.add(row);
                }
            }
            return inserted;
        }
    }

    /**
     * Deletes the channel rollups past what the status page reads ({@link ChannelRollups#purge}); the usage writer
     * calls it between batches.
     */
    long purgeChannelRollups(Instant now) {
        return new ChannelRollups(database).purge(now);
    }

    /** The rows' starts in microseconds; one beyond the storable range is left to the insert to refuse. */
    private static List<Long> starts(List<UsageRecord> rows) {
        List<Long> starts = new ArrayList<>(rows.size());
        for (UsageRecord row : rows) {
            try {
                starts.add(Micros.of(row.startedAt()));
            } catch (ArithmeticException e) {
                // Refused by the insert, as a row the database cannot hold.
            }
        }
        return starts;
    }

    public long count() {
        try (Connection connection = database.connection();
                PreparedStatement count = connection.prepareStatement(COUNT);
                ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw SqlFailures.classify(database.kind(), "counting usage rows", e);
        }
    }

    public Optional<UsageRecord> findByRequestId(String requestId) {
        try (Connection connection = database.connection();
                PreparedStatement find = connection.prepareStatement(FIND_BY_REQUEST_ID)) {
            // Stored ids had NUL replaced; look up the same way so that what was written can be found.
            find.setString(1, UsageRows.text(requestId));
            try (ResultSet rs = find.executeQuery()) {
                return rs.next() ? Optional.of(UsageRows.read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqlFailures.classify(database.kind(), "finding a usage row", e);
        }
    }

    /** The {@code limit} most recently started requests, newest first. */
    public List<UsageRecord> recent(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        try (Connection connection = database.connection();
                PreparedStatement recent = connection.prepareStatement(RECENT)) {
            recent.setInt(1, limit);
            try (ResultSet rs = recent.executeQuery()) {
                List<UsageRecord> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(UsageRows.read(rs));
                }
                return List.copyOf(rows);
            }
        } catch (SQLException e) {
            throw SqlFailures.classify(database.kind(), "reading recent usage rows", e);
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The connection is likely broken; the pool discards it. Keep the original failure in front.
            cause.addSuppressed(e);
        }
    }
}
