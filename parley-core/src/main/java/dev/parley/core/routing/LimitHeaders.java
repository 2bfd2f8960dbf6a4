package dev.parley.core.routing;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a provider's rate-limit headers say about the key a response came on: when it is at a limit (a
 * {@code remaining} of 0), until when. OpenAI gives the reset as a Go-style duration ({@code 1s}, {@code 6m0s},
 * {@code 20ms}); Anthropic as an RFC 3339 time. Headers are advice, not protocol: a value that cannot be read is
 * ignored, never an error.
 */
public final class LimitHeaders {

    /** A remaining-count header and the header that says when that count resets. */
    private record Limit(String remaining, String reset, boolean duration) {
    }

    private static final List<Limit> LIMITS = List.of(
            new Limit("x-ratelimit-remaining-requests", "x-ratelimit-reset-requests", true),
            new Limit("x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens", true),
            new Limit("anthropic-ratelimit-requests-remaining", "anthropic-ratelimit-requests-reset", false),
            new Limit("anthropic-ratelimit-tokens-remaining", "anthropic-ratelimit-tokens-reset", false),
            new Limit("anthropic-ratelimit-input-tokens-remaining", "anthropic-ratelimit-input-tokens-reset", false),
            new Limit("anthropic-ratelimit-output-tokens-remaining", "anthropic-ratelimit-output-tokens-reset", false));

    private static final Pattern GO_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private LimitHeaders() {
    }

    /**
     * Until when the key is at one of its limits, seen at {@code now}: the latest reset among the exhausted limits
     * (every one of them must have reset before a request can pass); empty when none is exhausted, or none of the
     * exhausted ones says a readable reset in the future.
     *
     * @param header a response header by lower-case name
     */
    public static Optional<Instant> exhaustedUntil(Function<String, Optional<String>> header, Instant now) {
        Optional<Instant> until = Optional.empty();
        for (Limit limit : LIMITS) {
            boolean exhausted = header.apply(limit.remaining()).flatMap(LimitHeaders::count).map(c -> c <= 0)
                    .orElse(false);
            if (!exhausted) {
                continue;
            }
            Optional<Instant> reset = header.apply(limit.reset())
                    .flatMap(v -> limit.duration() ? goDuration(v).map(now::plus) : rfc3339(v))
                    .filter(at -> at.isAfter(now));
            if (reset.isPresent() && (until.isEmpty() || reset.get().isAfter(until.get()))) {
                until = reset;
            }
        }
        return until;
    }

    /** A Go duration as OpenAI writes it: one or more number-unit parts, e.g. {@code 1h2m3.5s}. */
    public static Optional<Duration> goDuration(String value) {
        String text = value.strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher part = GO_PART.matcher(text);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (part.find() && part.start() == at) {
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(nanosPer(part.group(2)))));
            at = part.end();
        }
        if (at != text.length()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofNanos(nanos.longValueExact()));
        } catch (ArithmeticException e) {
            return Optional.empty(); // fractions of a nanosecond, or centuries: not a reset anyone meant
        }
    }

    private static long nanosPer(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
    }

    private static Optional<Instant> rfc3339(String value) {
        try {
            return Optional.of(OffsetDateTime.parse(value.strip()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> count(String value) {
        try {
            return Optional.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
