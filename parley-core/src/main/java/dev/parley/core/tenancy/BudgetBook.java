package dev.parley.core.tenancy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The dollar budgets of keys, projects, teams and members, each in its current window (a UTC day, a UTC month, or
 * all time): what was spent and what requests in flight have reserved. A request reserves the most it can cost
 * in every budget it falls under before it is sent, all or none, and only when none would then pass its amount;
 * its {@link Hold} replaces the reservation by the real cost when it is settled. So, under any concurrency, spend
 * never passes a budget as long as no request costs more than it reserved.
 *
 * <p>A budget's spend before the book first sees it comes from the ledger: {@link #track} seeds it, once per
 * budget (and again only if its period changes). A new window starts at zero; a request settled after its window
 * ended counts in the window it was admitted in, which is gone, as the ledger counts it by its start. Shared by
 * every event loop: one lock, held for a few map lookups. Time is the caller's.
 */
public final class BudgetBook {

    /** What {@link #reserve} decided. */
    public sealed interface Reservation permits Reserved, Exhausted {
    }

    /** Reserved in every budget; the hold gives the reservation back when settled. */
    public record Reserved(Hold hold) implements Reservation {
        public Reserved {
            Objects.requireNonNull(hold, "hold");
        }
    }

    /**
     * Refused: {@code budget} cannot take the request's worst case.
     *
     * @param spent what its window has spent (settled requests)
     * @param amount the budget's amount
     * @param reserved what requests in flight hold of it
     * @param asked the request's worst case
     * @param windowEnd when the window ends and the budget starts again; empty for a total budget
     */
    public record Exhausted(Budget budget, BigDecimal spent, BigDecimal amount, BigDecimal reserved, BigDecimal asked,
                            Optional<Instant> windowEnd) implements Reservation {
        public Exhausted {
            Objects.requireNonNull(budget, "budget");
            Objects.requireNonNull(spent, "spent");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(reserved, "reserved");
            Objects.requireNonNull(asked, "asked");
            Objects.requireNonNull(windowEnd, "windowEnd");
        }
    }

    /** A budget's standing in its current window. */
    public record Standing(Instant windowStart, BigDecimal spent, BigDecimal reserved) {
    }

    /** One request's reservations. Settled once: later calls do nothing and return no alert. */
    public final class Hold {
        private final List<Window> windows;
        private final BigDecimal reserved;
        private boolean settled;

        private Hold(List<Window> windows, BigDecimal reserved) {
            this.windows = windows;
            this.reserved = reserved;
        }

        /**
         * Gives the reservations back and books {@code actual} (never negative) in every budget whose window is
         * still the one the request was admitted in. Returns the soft thresholds this spend crossed.
         */
        public List<BudgetAlert> settle(BigDecimal actual, Instant now) {
            synchronized (BudgetBook.this) {
                if (settled) {
                    return List.of();
                }
                settled = true;
                BigDecimal spend = actual.signum() < 0 ? BigDecimal.ZERO : actual;
                List<BudgetAlert> alerts = new ArrayList<>();
                for (Window window : windows) {
                    // A window rolled over or replaced meanwhile is no longer in the book: nothing to give back.
                    if (current.get(window.budget.id()) == window) {
                        window.reserved = window.reserved.subtract(reserved);
                        window.spent = window.spent.add(spend);
                        window.alert(now).ifPresent(alerts::add);
                    }
                }
                return List.copyOf(alerts);
            }
        }

        public BigDecimal reserved() {
            return reserved;
        }
    }

    /** One budget's current window. */
    private static final class Window {
        private Budget budget;
        private final Instant start;
        private BigDecimal spent;
        private BigDecimal reserved = BigDecimal.ZERO;
        private boolean alerted;

        Window(Budget budget, Instant start, BigDecimal spent) {
            this.budget = budget;
            this.start = start;
            this.spent = spent;
            // A window seeded past its threshold was alerted about before, or began so: no alert now.
            this.alerted = threshold().map(t -> spent.compareTo(t) >= 0).orElse(false);
        }

        BigDecimal left() {
            return budget.amount().subtract(spent).subtract(reserved);
        }

        Optional<BigDecimal> threshold() {
            return budget.alertPercent().isPresent()
                    ? Optional.of(budget.amount().multiply(BigDecimal.valueOf(budget.alertPercent().getAsInt()))
                            .movePointLeft(2))
                    : Optional.empty();
        }

        Optional<BudgetAlert> alert(Instant now) {
            if (alerted || threshold().map(t -> spent.compareTo(t) < 0).orElse(true)) {
                return Optional.empty();
            }
            alerted = true;
            return Optional.of(new BudgetAlert(budget, start, budget.alertPercent().getAsInt(), spent, now));
        }
    }

    /** By budget id: the window of the budget's period that {@code now} last fell in. */
    private final Map<String, Window> current = new HashMap<>();

    /** Whether {@code budget}'s spend must be read from the ledger before it is used ({@link #track}). */
    public synchronized boolean needsSeed(Budget budget) {
        Window window = current.get(budget.id());
        return window == null || window.budget.period() != budget.period();
    }

    /**
     * Seeds {@code budget} with what the ledger says its window (the one {@code now} falls in) has spent, unless the
     * book already follows it: then the book's own figure, which includes reservations and settlements the ledger
     * may not have yet, is kept. Returns whether it was seeded.
     */
    public synchronized boolean track(Budget budget, BigDecimal spentInWindow, Instant now) {
        if (!needsSeed(budget)) {
            return false;
        }
        current.put(budget.id(), new Window(budget, budget.period().windowStart(now), spentInWindow));
        return true;
    }

    /**
     * Reserves {@code worstCase} in each of {@code budgets} (a budget listed twice counts once), or in none: refused
     * when any budget's spent and reserved, with this request's worst case, would pass its amount, or it has
     * nothing left at all. A budget not tracked yet starts at zero.
     */
    public synchronized Reservation reserve(List<Budget> budgets, BigDecimal worstCase, Instant now) {
        BigDecimal asked = worstCase.signum() < 0 ? BigDecimal.ZERO : worstCase;
        Map<String, Window> windows = new LinkedHashMap<>();
        for (Budget budget : budgets) {
            Window window = window(budget, now);
            windows.put(budget.id(), window);
            BigDecimal left = window.left();
            if (left.signum() <= 0 || asked.compareTo(left) > 0) {
                return new Exhausted(window.budget, window.spent, budget.amount(), window.reserved, asked,
                        budget.period().windowEnd(now));
            }
        }
        for (Window window : windows.values()) {
            window.reserved = window.reserved.add(asked);
        }
        return new Reserved(new Hold(List.copyOf(windows.values()), asked));
    }

    /** {@code budget}'s current window, if the book follows it. */
    public synchronized Optional<Standing> standing(Budget budget, Instant now) {
        if (needsSeed(budget)) {
            return Optional.empty();
        }
        Window window = window(budget, now);
        return Optional.of(new Standing(window.start, window.spent, window.reserved));
    }

    /**
     * The window {@code now} falls in, with the budget as it is now (its amount or threshold may have changed); a
     * new window when the last one ended or the period changed.
     */
    private Window window(Budget budget, Instant now) {
        Instant start = budget.period().windowStart(now);
        Window window = current.get(budget.id());
        if (window == null || window.budget.period() != budget.period() || window.start.isBefore(start)) {
            window = new Window(budget, start, BigDecimal.ZERO);
            current.put(budget.id(), window);
        }
        window.budget = budget;
        return window;
    }
}
