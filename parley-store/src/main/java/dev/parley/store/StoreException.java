package dev.parley.store;

/**
 * A database operation failed. The two kinds call for different reactions, so callers switch over them:
 * {@link Unavailable} may succeed if tried again later, {@link Rejected} never will for the same rows.
 *
 * <p>Messages carry the database's error class and primary message, never the values of the rows involved.
 */
public abstract sealed class StoreException extends RuntimeException
        permits StoreException.Unavailable, StoreException.Rejected {

    private StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The database could not do the work right now: unreachable, locked, read-only, missing a table, and so on. */
    public static final class Unavailable extends StoreException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The database refused the data itself (a data exception or a constraint): retrying the same rows is futile. */
    public static final class Rejected extends StoreException {
        public Rejected(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
