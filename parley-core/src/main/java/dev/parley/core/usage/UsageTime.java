package dev.parley.core.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The times a usage query names: relative ({@code 7d}, {@code 12h}, {@code 30m} ago), an instant, or a UTC day. */
public final class UsageTime {

    public static final String FORMS = "a time ago such as 7d, 12h or 30m, an instant such as 2026-03-01T12:00:00Z,"
            + " or a UTC day such as 2026-03-01";

    private static final Pattern AGO = Pattern.compile("(\\d{1,6})([dhm])");

    private UsageTime() {
    }

    /** {@code text} read at {@code now}; {@code param} names it in the message when it is none of the forms. */
    public static Instant parse(String param, String text, Instant now) {
        String value = text.strip();
        Matcher ago = AGO.matcher(value);
        if (ago.matches()) {
            long amount = Long.parseLong(ago.group(1));
            return now.minus(switch (ago.group(2)) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofMinutes(amount);
            });
        }
        try {
            return value.contains("T") ? Instant.parse(value)
                    : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new UsageQueryException(param, "expected " + FORMS + ", got '" + value + "'");
        }
    }

    public static Instant floorHour(Instant instant) {
        return instant.truncatedTo(ChronoUnit.HOURS);
    }

    public static Instant ceilHour(Instant instant) {
        Instant floor = floorHour(instant);
        return floor.equals(instant) ? floor : floor.plus(Duration.ofHours(1));
    }

    public static Instant floorDay(Instant instant) {
        return instant.truncatedTo(ChronoUnit.DAYS);
    }

    public static Instant ceilDay(Instant instant) {
        Instant floor = floorDay(instant);
        return floor.equals(instant) ? floor : floor.plus(Duration.ofDays(1));
    }
}
