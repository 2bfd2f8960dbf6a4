package dev.parley.store;

import dev.parley.core.tenancy.TenancyConflictException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs units of work on pooled connections of one database: a read, or a transaction that commits all of its work or
 * none. Driver failures become {@link StoreException}s; a broken unique or foreign-key constraint becomes a
 * {@link TenancyConflictException} whose message the caller's {@link Diagnosis} writes.
 */
final class Jdbc {

    /** Work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Reads one row of a result. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * Says, in words, what conflict broke a constraint: run after the failed transaction was rolled back, on a fresh
     * connection, so it can look at what is there.
     */
    @FunctionalInterface
    interface Diagnosis {
        String explain(Connection connection, Constraint violated) throws SQLException;
    }

    private final Database database;

    Jdbc(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    Database.Kind kind() {
        return database.kind();
    }

    /** Runs {@code work} with auto-commit: for reads whose statements need not see one moment. */
    <T> T read(String operation, Work<T> work) {
        try (Connection connection = database.connection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw SqlFailures.classify(database.kind(), operation, e);
        }
    }

    /**
     * Runs {@code work} in one transaction. On SQLite it begins with {@code BEGIN IMMEDIATE} (the pool's transaction
     * mode), so that it holds the database's one write lock from its first statement, across processes too.
     */
    <T> T transaction(String operation, Work<T> work) {
        try {
            return inTransaction(work);
        } catch (SQLException e) {
            throw SqlFailures.classify(database.kind(), operation, e);
        }
    }

    /**
     * Runs {@code work} in one transaction, as {@link #transaction(String, Work)} does.
     *
     * @throws TenancyConflictException when a unique or foreign-key constraint refused the work
     */
    <T> T transaction(String operation, Work<T> work, Diagnosis diagnosis) {
        Constraint violated;
        try {
            return inTransaction(work);
        } catch (SQLException e) {
            violated = Constraint.violated(database.kind(), e)
                    .orElseThrow(() -> SqlFailures.classify(database.kind(), operation, e));
        }
        throw new TenancyConflictException(read(operation, connection -> diagnosis.explain(connection, violated)));
    }

    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
        }
    }

    /**
     * Runs the reads of {@code work} as of one moment: a read-only REPEATABLE READ transaction on PostgreSQL, an
     * ordinary transaction on SQLite (whose transactions always see one moment).
     */
    <T> T snapshot(String operation, Work<T> work) {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            if (database.kind() == Database.Kind.POSTGRESQL) {
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                connection.setReadOnly(true);
            }
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw SqlFailures.classify(database.kind(), operation, e);
        }
    }

    /** Every row {@code sql} selects with {@code parameters} bound in order. */
    static <T> List<T> list(Connection connection, String sql, List<?> parameters, RowReader<T> reader)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rs = statement.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
                return rows;
            }
        }
    }

    /** The first row {@code sql} selects, if any. */
    static <T> Optional<T> first(Connection connection, String sql, List<?> parameters, RowReader<T> reader)
            throws SQLException {
        List<T> rows = list(connection, sql, parameters, reader);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    /** Whether {@code sql} selects any row. */
    static boolean exists(Connection connection, String sql, List<?> parameters) throws SQLException {
        return first(connection, sql, parameters, rs -> true).isPresent();
    }

    /** The count {@code sql} selects. */
    static long count(Connection connection, String sql, List<?> parameters) throws SQLException {
        return first(connection, sql, parameters, rs -> rs.getLong(1)).orElse(0L);
    }

    /** Runs an INSERT, UPDATE or DELETE; returns the number of rows it changed. */
    static int update(Connection connection, String sql, List<?> parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, List<?> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            if (value instanceof SqlValue sqlValue) {
                sqlValue.bind(statement, i + 1);
            } else {
                statement.setObject(i + 1, value);
            }
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
