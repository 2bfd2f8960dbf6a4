package dev.parley.core.tenancy;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A spending cap in US dollars on one scope over one period.
 *
 * @param amount the cap, exact (never a double)
 * @param alertPercent when spend first reaches this share of the cap in a window, an alert event is raised
 */
public record Budget(String id, Scope scope, BudgetPeriod period, BigDecimal amount, OptionalInt alertPercent) {
    public Budget {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(alertPercent, "alertPercent");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("a budget cannot be negative");
        }
    }
}
