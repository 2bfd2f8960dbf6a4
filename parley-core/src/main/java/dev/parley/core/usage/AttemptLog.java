package dev.parley.core.usage;

import java.time.Duration;
import java.util.Objects;

/**
 * One upstream attempt of a request, as its usage row lists it.
 *
 * @param keyPosition which of the provider's keys was used, from 1 ({@code #key1}); never the key itself
 * @param startedAfter from the request's arrival to the attempt's start
 * @param duration from the attempt's start to its end
 */
public record AttemptLog(String provider, String upstreamModel, int keyPosition, Duration startedAfter,
                         Duration duration, AttemptOutcome outcome) {

    public AttemptLog {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(upstreamModel, "upstreamModel");
        Objects.requireNonNull(startedAfter, "startedAfter");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(outcome, "outcome");
        if (keyPosition < 1) {
            throw new IllegalArgumentException("key positions count from 1: " + keyPosition);
        }
    }
}
