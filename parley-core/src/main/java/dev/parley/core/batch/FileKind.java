package dev.parley.core.batch;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a file is: a client's upload ({@code INPUT}, purpose {@code batch}), or a batch's output or error file (purpose
 * {@code batch_output}), whose lines are read from the batch's finished items.
 */
public enum FileKind {
    INPUT,
    OUTPUT,
    ERROR;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FileKind> of(String wire) {
        return Arrays.stream(values()).filter(k -> k.wire().equals(wire)).findFirst();
    }

    /** OpenAI's purpose of such a file. */
    public String purpose() {
        return switch (this) {
            case INPUT -> "batch";
            case OUTPUT, ERROR -> "batch_output";
        };
    }
}
