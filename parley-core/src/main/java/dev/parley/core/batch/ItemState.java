package dev.parley.core.batch;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where one item of a batch is. {@code PENDING} (waiting, perhaps until a retry is due) and {@code RUNNING} (claimed
 * by an instance until its lease ends) are not finished; the others are, and each finished item has its line in the
 * output file ({@code SUCCEEDED}) or the error file (the rest).
 */
public enum ItemState {
    PENDING,
    RUNNING,
    SUCCEEDED,
    /** It ran and its answer was an error after every retry and fallback: also a dead letter. */
    FAILED,
    /** Its batch was cancelled before it ran. */
    CANCELLED,
    /** Its batch's completion window ended before it ran. */
    EXPIRED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ItemState> of(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(wire)).findFirst();
    }

    public boolean finished() {
        return switch (this) {
            case PENDING, RUNNING -> false;
            case SUCCEEDED, FAILED, CANCELLED, EXPIRED -> true;
        };
    }

    /** Which of a batch's files the item's line is in, once finished. */
    public FileKind file() {
        return switch (this) {
            case SUCCEEDED -> FileKind.OUTPUT;
            case PENDING, RUNNING, FAILED, CANCELLED, EXPIRED -> FileKind.ERROR;
        };
    }
}
