package dev.parley.core.batch;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A batch's status, as OpenAI names them. {@code VALIDATING} until the runner first claims one of its items,
 * {@code IN_PROGRESS} while items run, {@code CANCELLING} once cancelled until its running items have finished;
 * {@code COMPLETED}, {@code CANCELLED} and {@code EXPIRED} are final. {@code FINALIZING} is the moment the output and
 * error files are written (in the transaction that ends the batch, so it is never seen for long). Parley never
 * reports {@code FAILED}: an input file that cannot run is refused when the batch is created.
 */
public enum BatchStatus {
    VALIDATING,
    IN_PROGRESS,
    FINALIZING,
    COMPLETED,
    FAILED,
    EXPIRED,
    CANCELLING,
    CANCELLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<BatchStatus> of(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(wire)).findFirst();
    }

    /** Whether the runner still has something to do for a batch in this status. */
    public boolean active() {
        return switch (this) {
            case VALIDATING, IN_PROGRESS, FINALIZING, CANCELLING -> true;
            case COMPLETED, FAILED, EXPIRED, CANCELLED -> false;
        };
    }

    /** Whether new items of a batch in this status may be claimed. */
    public boolean claimable() {
        return switch (this) {
            case VALIDATING, IN_PROGRESS -> true;
            case FINALIZING, COMPLETED, FAILED, EXPIRED, CANCELLING, CANCELLED -> false;
        };
    }
}
