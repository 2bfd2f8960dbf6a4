package dev.parley.core.usage;

import java.util.Optional;

/**
 * Where kept request and response bodies go, and are read back from by request id. {@link #keep} never blocks (the
 * server calls it on an event loop); bodies are a diagnostic aid, written after their ledger row and dropped, counted,
 * when the store cannot take them, never holding up a response.
 */
public interface BodyLog {

    /** A log that keeps nothing: Parley without a database. */
    BodyLog NONE = new BodyLog() {
        @Override
        public void keep(CapturedBodies bodies) {
        }

        @Override
        public Optional<CapturedBodies> find(String requestId) {
            return Optional.empty();
        }
    };

    void keep(CapturedBodies bodies);

    /** The bodies kept for {@code requestId}, if any are (still) kept. Blocks. */
    Optional<CapturedBodies> find(String requestId);
}
