package dev.parley.core.idempotency;

import java.time.Instant;
import java.util.Optional;

/** The store's side of idempotency keys (the {@code idempotency_keys} table). Every method blocks. */
public interface IdempotencyStore {

    /**
     * Takes {@code claim.key()} for a new request, atomically (across replicas too): when no one holds it, or
     * its holder is {@link IdempotencyRecord#takeable} at {@code claim.createdAt()}. Otherwise returns what holds
     * it, untouched.
     */
    Claim claim(IdempotencyRecord claim);

    /** The request that claimed {@code key} finished; its result, if it may be kept. */
    void complete(IdempotencyKey key, Optional<StoredResult> result);

    /** The request that claimed {@code key} failed before answering: a retry may run it again. */
    void release(IdempotencyKey key);

    Optional<IdempotencyRecord> find(IdempotencyKey key);

    /** Forgets keys whose window ended before {@code now}; returns how many. */
    int purge(Instant now);

    /** The outcome of a {@link #claim}. */
    sealed interface Claim {
        /** The key is the new request's. */
        record Won() implements Claim {
        }

        /** Another request holds the key. */
        record Held(IdempotencyRecord holder) implements Claim {
        }
    }
}
