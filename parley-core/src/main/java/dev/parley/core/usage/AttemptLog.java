package dev.parley.core.usage;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One upstream attempt of a request, as its usage row lists it.
 *
 * @param keyPosition which of the provider's keys was used, from 1 ({@code #key1}); never the key itself
 * @param startedAfter from the request's arrival to the attempt's start
 * @param duration from the attempt's start to its end
 * @param firstByte from the attempt's start to the provider's status line, when one came
 */
public record AttemptLog(String provider, String upstreamModel, int keyPosition, Duration startedAfter,
                         Duration duration, AttemptOutcome outcome, Optional<Duration> firstByte) {

    public AttemptLog {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(upstreamModel, "upstreamModel");
        Objects.requireNonNull(startedAfter, "startedAfter");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(firstByte, "firstByte");
        if (keyPosition < 1) {
            throw new IllegalArgumentException("key positions count from 1: " + keyPosition);
        }
    }

    /** An attempt that got no answer's first byte (or one whose row does not say). */
    public AttemptLog(String provider, String upstreamModel, int keyPosition, Duration startedAfter,
                      Duration duration, AttemptOutcome outcome) {
        this(provider, upstreamModel, keyPosition, startedAfter, duration, outcome, Optional.empty());
    }
}
