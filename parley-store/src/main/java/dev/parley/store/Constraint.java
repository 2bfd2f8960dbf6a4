package dev.parley.store;

import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** The constraints whose violation means a conflict with data already stored rather than a bad value. */
enum Constraint {
    UNIQUE, FOREIGN_KEY;

    private static final Set<SQLiteErrorCode> SQLITE_UNIQUE =
            Set.of(SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE, SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);

    /** The constraint {@code e} reports broken, if it is one of these. */
    static Optional<Constraint> violated(Database.Kind kind, SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                Optional<Constraint> found = switch (kind) {
                    case POSTGRESQL -> postgres(sql.getSQLState());
                    case SQLITE -> sqlite(sql);
                };
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Constraint> postgres(String state) {
        if ("23505".equals(state)) {
            return Optional.of(UNIQUE);
        }
        return "23503".equals(state) ? Optional.of(FOREIGN_KEY) : Optional.empty();
    }

    private static Optional<Constraint> sqlite(SQLException e) {
        if (!(e instanceof SQLiteException sqlite)) {
            return Optional.empty();
        }
        if (SQLITE_UNIQUE.contains(sqlite.getResultCode())) {
            return Optional.of(UNIQUE);
        }
        return sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY
                ? Optional.of(FOREIGN_KEY) : Optional.empty();
    }

    @Override
    public String toString() {
        return switch (this) {
            case UNIQUE -> "unique";
            case FOREIGN_KEY -> "foreign key";
        };
    }
}
