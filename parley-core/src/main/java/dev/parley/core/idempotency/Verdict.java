package dev.parley.core.idempotency;

import java.util.Objects;

/** What a request whose idempotency key is held by another gets. */
public sealed interface Verdict {

    /** Another body under the same key: refused (422). */
    record Mismatch() implements Verdict {
    }

    /** The first request answered and its result was kept: replayed. */
    record Replay(StoredResult result) implements Verdict {
        public Replay {
            Objects.requireNonNull(result, "result");
        }
    }

    /** The first request answered, but its result could not be kept: refused (409), the provider not called. */
    record NotKept() implements Verdict {
    }

    /** The first request is still running: wait for it. */
    record InProgress() implements Verdict {
    }

    /** What {@code holder} means for a request of {@code fingerprint}. */
    static Verdict of(IdempotencyRecord holder, String fingerprint) {
        if (!holder.fingerprint().equals(fingerprint)) {
            return new Mismatch();
        }
        return switch (holder.state()) {
            case IdempotencyRecord.State.InFlight f -> new InProgress();
            case IdempotencyRecord.State.Done d -> d.result().<Verdict>map(Replay::new).orElseGet(NotKept::new);
        };
    }
}
