package dev.parley.core.deadletter;

import dev.parley.core.tenancy.Page;
import dev.parley.core.tenancy.PageRequest;
import java.time.Instant;
import java.util.Optional;

/** The store's side of the dead-letter queue (the {@code dead_letters} table). Every method blocks. */
public interface DeadLetterStore {

    /**
     * Adds a dead letter, once: a second one for the same source, source id and item is ignored (a producer that
     * crashed after adding it adds it again). Returns whether it was added.
     */
    boolean add(DeadLetter letter);

    Optional<DeadLetter> find(String id);

    /** The letters {@code filter} keeps, by id, a keyset page at a time. */
    Page<DeadLetter> list(DeadLetterFilter filter, PageRequest page);

    /** Starts the letter's one replay; empty when it has none to start (gone, or replayed already). */
    Optional<DeadLetter> startReplay(String id, String by, Instant at);

    /** Records what the replay got. */
    void finishReplay(String id, DeadLetter.Outcome outcome);

    /** Deletes the letter; returns whether there was one. */
    boolean discard(String id);
}
