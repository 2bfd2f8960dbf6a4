package dev.parley.core.config;

/**
 * Invariant checks for the records' compact constructors. The loader reports the same rules earlier with a key
 * path; these are the last line for records built in code.
 */
final class Checks {

    private Checks() {}

    static void check(boolean holds, String message) {
        if (!holds) {
            throw new IllegalArgumentException(message);
        }
    }
}
