package dev.parley.store;

import java.time.Duration;

/** Delays between attempts to write a batch the database refused: doubling from {@code initial} up to {@code max}. */
record Backoff(Duration initial, Duration max) {

    /** Reacts within a tenth of a second to a blip, and polls a database that is down once every five seconds. */
    static final Backoff DEFAULT = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    Backoff {
        if (!initial.isPositive() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    Duration next(Duration current) {
        Duration doubled = current.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }
}
