package dev.parley.core.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The textual forms of numbers, durations, sizes and header names, independent of where they appear. */
final class ValueSyntax {

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    /** Plain decimal notation only: an exponent in a price is more likely a slip than a meaning. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)");
    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h)?");
    private static final Pattern SIZE = Pattern.compile("([0-9]+)\\s*([KMG]i?B|B)?");
    // RFC 9110 tchar: the characters a header field name may contain.
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private static final Map<String, Long> SIZE_UNITS = Map.of(
            "B", 1L,
            "KB", 1_000L, "MB", 1_000_000L, "GB", 1_000_000_000L,
            "KiB", 1L << 10, "MiB", 1L << 20, "GiB", 1L << 30);

    static final String DURATION_FORMS = "a duration such as 250ms, 30s, 10m, 1h or a whole number of seconds";
    static final String SIZE_FORMS = "a size in bytes such as 1048576, 512KiB, 10MiB or 1MB";

    private ValueSyntax() {}

    static Optional<Long> integer(String text) {
        if (!INTEGER.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    /** An exact decimal such as {@code 2.50}, read from its text, never through a binary floating point. */
    static Optional<BigDecimal> decimal(String text) {
        return DECIMAL.matcher(text).matches() ? Optional.of(new BigDecimal(text)) : Optional.empty();
    }

    /** {@code 250ms}, {@code 30s}, {@code 10m}, {@code 1h}; a bare number is seconds, the unit most people mean. */
    static Optional<Duration> duration(String text) {
        var matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            var amount = Long.parseLong(matcher.group(1));
            var unit = matcher.group(2) == null ? "s" : matcher.group(2);
            return Optional.of(switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofSeconds(amount);
            });
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            return Optional.empty();
        }
    }

    /** Bytes, or a number with a decimal (KB, MB, GB) or binary (KiB, MiB, GiB) unit. */
    static Optional<Long> size(String text) {
        var matcher = SIZE.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            var amount = Long.parseLong(matcher.group(1));
            var unit = matcher.group(2) == null ? "B" : matcher.group(2);
            return Optional.of(Math.multiplyExact(amount, SIZE_UNITS.get(unit)));
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            return Optional.empty();
        }
    }

    static boolean isHeaderName(String text) {
        return TOKEN.matcher(text).matches();
    }

    /** Header values travel upstream verbatim; a line break in one would let it smuggle in further headers. */
    static boolean isHeaderValue(String text) {
        return text.chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0);
    }
}
