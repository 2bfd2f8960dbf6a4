package dev.parley.core.idempotency;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One idempotency key as the store holds it.
 *
 * @param fingerprint the first request's {@link IdempotencyKey#fingerprint}
 * @param state       in flight, or done with its result if it could be kept
 * @param expiresAt   when the key is forgotten (the end of the window)
 * @param leaseUntil  until when a request in flight holds it
 */
public record IdempotencyRecord(IdempotencyKey key, String fingerprint, State state, Instant createdAt,
                                Instant expiresAt, Instant leaseUntil) {

    public IdempotencyRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
    }

    /** Where the first request of a key is. */
    public sealed interface State {
        /** Still running (or its Parley died; then only until its lease ends). */
        record InFlight() implements State {
        }

        /** Answered; the result is empty when it was not kept (the key's rules forbid storing bodies). */
        record Done(Optional<StoredResult> result) implements State {
            public Done {
                Objects.requireNonNull(result, "result");
            }
        }
    }

    /** Whether a new request may take this key over at {@code now}: its window ended, or its holder's lease. */
    public boolean takeable(Instant now) {
        return !now.isBefore(expiresAt) || switch (state) {
            case State.InFlight f -> !now.isBefore(leaseUntil);
            case State.Done d -> false;
        };
    }
}
