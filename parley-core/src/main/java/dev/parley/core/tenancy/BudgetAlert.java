package dev.parley.core.tenancy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A budget's spend reached its soft threshold in a window: raised once per budget and window.
 *
 * @param windowStart the start of the window the spend counts in (the epoch for a total budget)
 * @param percent the threshold reached, in percent of the budget's amount
 * @param spent the spend in the window once the request that crossed it was settled
 */
public record BudgetAlert(Budget budget, Instant windowStart, int percent, BigDecimal spent, Instant at) {
    public BudgetAlert {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(spent, "spent");
        Objects.requireNonNull(at, "at");
    }
}
