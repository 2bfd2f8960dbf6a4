package dev.parley.core.config;

import java.util.Objects;

/**
 * A credential: an upstream API key, a virtual key or the master key. Its {@link #toString()} never shows the
 * value, so a secret cannot reach a log line or an error message through string concatenation by accident.
 */
public record Secret(String value) {

    /** Below this length even the last four characters would give away too much of the value. */
    private static final int MIN_LENGTH_TO_SHOW_TAIL = 16;
    private static final int TAIL = 4;
    private static final String MASK = "****";

    public Secret {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a secret cannot be empty");
        }
    }

    /** {@code ****abcd} for a value of 16 characters or more, else {@code ****}: enough to tell keys apart. */
    public String masked() {
        return value.length() >= MIN_LENGTH_TO_SHOW_TAIL ? MASK + value.substring(value.length() - TAIL) : MASK;
    }

    @Override
    public String toString() {
        return "Secret[" + MASK + "]";
    }
}
