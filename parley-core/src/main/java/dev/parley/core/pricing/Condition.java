package dev.parley.core.pricing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;

/** When one of a model's prices applies; the database writes dates and times in UTC. */
sealed interface Condition {

    boolean holdsAt(Instant at);

    /** No constraint: the price a model falls back to. */
    record Always() implements Condition {
        @Override
        public boolean holdsAt(Instant at) {
            return true;
        }
    }

    /** A price change: from this day on. */
    record Since(LocalDate day) implements Condition {
        @Override
        public boolean holdsAt(Instant at) {
            return !at.atOffset(ZoneOffset.UTC).toLocalDate().isBefore(day);
        }
    }

    /** Peak or off-peak hours, every day; a window that ends before it starts runs past midnight. */
    record DailyWindow(LocalTime from, LocalTime until) implements Condition {
        @Override
        public boolean holdsAt(Instant at) {
            var time = at.atOffset(ZoneOffset.UTC).toLocalTime();
            return from.isBefore(until)
                    ? !time.isBefore(from) && time.isBefore(until)
                    : !time.isBefore(from) || time.isBefore(until);
        }
    }
}
