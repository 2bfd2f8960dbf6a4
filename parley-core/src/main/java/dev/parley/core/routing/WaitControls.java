package dev.parley.core.routing;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * What a client may say about its own wait for a rate-limited model: {@code x-parley-max-wait} (how long it is
 * willing to wait) and {@code x-parley-priority} (its place among the waiting). Both read without throwing; an
 * empty answer means the value is not valid, which the server reports to the client.
 */
public final class WaitControls {

    public static final String MAX_WAIT_HEADER = "x-parley-max-wait";
    public static final String PRIORITY_HEADER = "x-parley-priority";
    public static final int MIN_PRIORITY = -10;
    public static final int MAX_PRIORITY = 10;
    public static final int LOW = -5;
    public static final int NORMAL = 0;
    public static final int HIGH = 5;

    private WaitControls() {
    }

    /**
     * Seconds as a decimal ({@code 2.5}) or a duration with a unit ({@code 500ms}, {@code 2s}, {@code 1m}); not
     * negative. Not capped here: the configured {@code queue.max_wait} is the caller's to apply.
     */
    public static Optional<Duration> maxWait(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        String number = text;
        long unitMillis = 1000;
        if (text.endsWith("ms")) {
            number = text.substring(0, text.length() - 2);
            unitMillis = 1;
        } else if (text.endsWith("s")) {
            number = text.substring(0, text.length() - 1);
        } else if (text.endsWith("m")) {
            number = text.substring(0, text.length() - 1);
            unitMillis = 60_000;
        }
        if (!number.matches("\\d{1,9}(\\.\\d{1,9})?")) {
            return Optional.empty();
        }
        BigDecimal millis = new BigDecimal(number).multiply(BigDecimal.valueOf(unitMillis));
        // Days' worth of digits would overflow; the configured cap is far below the clamp anyway.
        return Optional.of(Duration.ofNanos(millis.movePointRight(6).min(BigDecimal.valueOf(Long.MAX_VALUE)).longValue()));
    }

    /** An integer from -10 to 10, or {@code low} (-5), {@code normal} (0), {@code high} (5); higher goes first. */
    public static Optional<Integer> priority(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "low" -> Optional.of(LOW);
            case "normal" -> Optional.of(NORMAL);
            case "high" -> Optional.of(HIGH);
            default -> text.matches("[+-]?\\d{1,3}") ? Optional.of(Integer.parseInt(text))
                    .filter(p -> p >= MIN_PRIORITY && p <= MAX_PRIORITY) : Optional.empty();
        };
    }
}
