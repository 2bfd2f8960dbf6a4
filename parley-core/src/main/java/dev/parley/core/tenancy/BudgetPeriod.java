package dev.parley.core.tenancy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/** The window a budget counts spend over, in UTC: a calendar day, a calendar month, or all time. */
public enum BudgetPeriod {
    DAY, MONTH, TOTAL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<BudgetPeriod> parse(String text) {
        for (BudgetPeriod period : values()) {
            if (period.wire().equals(text)) {
                return Optional.of(period);
            }
        }
        return Optional.empty();
    }

    /** The start of the window {@code at} falls in. */
    public Instant windowStart(Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return switch (this) {
            case DAY -> day.atStartOfDay(ZoneOffset.UTC).toInstant();
            case MONTH -> day.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            case TOTAL -> Instant.EPOCH;
        };
    }

    /** The start of the next window, when there is one. */
    public Optional<Instant> windowEnd(Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return switch (this) {
            case DAY -> Optional.of(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            case MONTH -> Optional.of(day.withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            case TOTAL -> Optional.empty();
        };
    }
}
