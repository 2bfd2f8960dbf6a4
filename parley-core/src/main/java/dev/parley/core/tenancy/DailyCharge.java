package dev.parley.core.tenancy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What an account was charged on one UTC day for one model: the sum of the costs of the ledger rows it paid for that
 * started that day, and how many they were.
 */
public record DailyCharge(LocalDate day, String model, BigDecimal amount, long requests) {
    public DailyCharge {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(amount, "amount");
        if (requests < 0) {
            throw new IllegalArgumentException("requests cannot be negative");
        }
    }
}
