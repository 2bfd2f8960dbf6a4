package dev.parley.core.batch;

import java.time.Instant;
import java.util.Objects;

/**
 * What a batch needs next, from its status, its window and its unfinished items: more items claimed, to be ended
 * (with the status it ends in, and what its items that never ran become), or nothing until its running items
 * finish. A batch ends only once none of its items runs, so that no answer arrives after its files are written.
 */
public final class BatchLifecycle {

    private BatchLifecycle() {
    }

    /** The next step of a batch. */
    public sealed interface Next {
        record Claim() implements Next {}

        record Wait() implements Next {}

        /** End the batch in {@code status}; items still pending become {@code leftover}. */
        record End(BatchStatus status, ItemState leftover) implements Next {
            public End {
                Objects.requireNonNull(status, "status");
                Objects.requireNonNull(leftover, "leftover");
            }
        }
    }

    /**
     * @param pending items not yet finished and not running (including those waiting for a retry)
     * @param running items some instance holds
     */
    public static Next next(BatchStatus status, Instant expiresAt, long pending, long running, Instant now) {
        if (!status.active()) {
            return new Next.Wait();
        }
        boolean expired = !now.isBefore(expiresAt);
        boolean stopping = status == BatchStatus.CANCELLING || expired;
        if (running > 0 && (stopping || pending == 0)) {
            return new Next.Wait();
        }
        if (status == BatchStatus.CANCELLING) {
            return new Next.End(BatchStatus.CANCELLED, ItemState.CANCELLED);
        }
        if (expired && pending > 0) {
            return new Next.End(BatchStatus.EXPIRED, ItemState.EXPIRED);
        }
        if (pending == 0 && running == 0) {
            return new Next.End(BatchStatus.COMPLETED, ItemState.EXPIRED);
        }
        return new Next.Claim();
    }
}
