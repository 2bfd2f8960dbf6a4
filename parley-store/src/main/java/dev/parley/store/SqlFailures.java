package dev.parley.store;

import java.sql.SQLException;
import java.util.Set;

/** Turns driver exceptions into {@link StoreException}s, deciding whether a retry could ever help. */
final class SqlFailures {

    // SQLite primary result codes that blame the row rather than the database: TOOBIG, CONSTRAINT, MISMATCH, RANGE.
    private static final Set<Integer> SQLITE_ROW_ERRORS = Set.of(18, 19, 20, 25);

    private SqlFailures() {}

    /**
     * Anything not positively recognised as the row's fault counts as unavailability: wrongly retrying costs
     * time, wrongly giving up loses a row.
     */
    static StoreException classify(Database.Kind kind, String operation, SQLException e) {
        SQLException root = root(e);
        String message = operation + " failed: " + describe(root);
        return rowAtFault(kind, root)
                ? new StoreException.Rejected(message, e)
                : new StoreException.Unavailable(message, e);
    }

    private static boolean rowAtFault(Database.Kind kind, SQLException root) {
        return switch (kind) {
            // PostgreSQL classes 22 (data exception) and 23 (integrity constraint violation).
            case POSTGRESQL -> root.getSQLState() != null
                    && (root.getSQLState().startsWith("22") || root.getSQLState().startsWith("23"));
            case SQLITE -> SQLITE_ROW_ERRORS.contains(root.getErrorCode() & 0xff);
        };
    }

    /**
     * The driver's own message. PostgreSQL connections are opened with {@code logServerErrorDetail=false}, so
     * neither the server's DETAIL (which quotes rows) nor a batch's bound parameters appear in it; SQLite never
     * quotes values.
     */
    private static String describe(SQLException root) {
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().strip();
        return "SQLState " + root.getSQLState() + ", code " + root.getErrorCode() + ": " + message;
    }

    /** A batch failure hides the real error behind getNextException (PostgreSQL) or getCause (SQLite). */
    private static SQLException root(SQLException e) {
        SQLException current = e;
        for (int depth = 0; depth < 16; depth++) {
            if (current.getNextException() != null) {
                current = current.getNextException();
            } else if (current.getCause() instanceof SQLException cause) {
                current = cause;
            } else {
                return current;
            }
        }
        return current;
    }
}
