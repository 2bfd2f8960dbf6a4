package dev.parley.server;

import java.time.Duration;
import java.util.Optional;

/**
 * The moments in one request's life, as monotonic nanos. Every latency Parley reports is a difference of two
 * stamps here, so the usage row, the access log and later the metrics agree.
 */
final class Passport {

    private static final long UNSET = Long.MIN_VALUE;

    private final long received = System.nanoTime();
    private long upstreamSent = UNSET;
    private long firstUpstreamByte = UNSET;
    private long finished = UNSET;

    /** When the request arrived, in {@link System#nanoTime()}'s terms. */
    long received() {
        return received;
    }

    void upstreamSent() {
        upstreamSent = System.nanoTime();
    }

    void firstUpstreamByte() {
        if (firstUpstreamByte == UNSET) {
            firstUpstreamByte = System.nanoTime();
        }
    }

    void finished() {
        if (finished == UNSET) {
            finished = System.nanoTime();
        }
    }

    Duration total() {
        return Duration.ofNanos((finished == UNSET ? System.nanoTime() : finished) - received);
    }

    Optional<Duration> timeToFirstByte() {
        return firstUpstreamByte == UNSET ? Optional.empty() : Optional.of(Duration.ofNanos(firstUpstreamByte - received));
    }
}
