package dev.parley.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** The {@code Retry-After} a status fault carries, in either of the header's two forms, or none. */
public sealed interface RetryAfter {

    /** No header; Gemini then sends no RetryInfo either. */
    record None() implements RetryAfter {}

    /** {@code Retry-After: 12}. */
    record Seconds(long seconds) implements RetryAfter {
        public Seconds {
            if (seconds < 0) {
                throw new IllegalArgumentException("seconds cannot be negative");
            }
        }
    }

    /** {@code Retry-After: Wed, 21 Oct 2026 07:28:00 GMT}. */
    record HttpDate(Instant at) implements RetryAfter {}

    static RetryAfter none() {
        return new None();
    }

    static RetryAfter seconds(long seconds) {
        return new Seconds(seconds);
    }

    static RetryAfter at(Instant at) {
        return new HttpDate(at);
    }

    /** The header value, if any. */
    default Optional<String> headerValue() {
        return switch (this) {
            case None() -> Optional.empty();
            case Seconds(long seconds) -> Optional.of(Long.toString(seconds));
            case HttpDate(Instant at) -> Optional.of(
                    DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC)));
        };
    }

    /** How long the client is asked to wait, seen from {@code now}; Gemini needs it as a duration. */
    default Optional<Duration> delayFrom(Instant now) {
        return switch (this) {
            case None() -> Optional.empty();
            case Seconds(long seconds) -> Optional.of(Duration.ofSeconds(seconds));
            case HttpDate(Instant at) -> Optional.of(
                    Duration.between(now, at).isNegative() ? Duration.ZERO : Duration.between(now, at));
        };
    }
}
