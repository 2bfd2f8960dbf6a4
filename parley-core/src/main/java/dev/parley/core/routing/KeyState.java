package dev.parley.core.routing;

import java.time.Instant;
import java.util.Objects;

/** Where one provider key stands in {@link KeyRotation}. */
public sealed interface KeyState {

    /** In turn. */
    record Usable() implements KeyState {}

    /** Out of turn after a rate limit, or at its configured {@code rpm} or {@code tpm}, until {@code until}. */
    record Cooling(Instant until) implements KeyState {
        public Cooling {
            Objects.requireNonNull(until, "until");
        }
    }

    /** Refused by its provider (401, 402, 403): out of turn until restart. */
    record Refused() implements KeyState {}
}
