package dev.parley.app;

/** A reason Parley cannot start, worded for the operator; printed without a stack trace. */
final class StartupException extends RuntimeException {
    StartupException(String message) {
        super(message);
    }
}
