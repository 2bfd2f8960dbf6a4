package dev.parley.core.tenancy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * An account's statement over whole UTC days, {@code since} included, {@code until} excluded: the balance it opened
 * with, the orders placed and the charges booked in the period, and the balance it closed with, which is always
 * the opening balance plus the orders minus the charges.
 *
 * @param opening the orders before {@code since} minus the charges of the days before it
 * @param orders the orders placed in the period, oldest first
 * @param charges the period's charges, by day and model
 */
public record Statement(Account account, LocalDate since, LocalDate until, BigDecimal opening, List<Order> orders,
                        List<DailyCharge> charges) {

    /** A day's or a model's part of the charges. */
    public record Subtotal(String key, BigDecimal amount, long requests) {
    }

    public Statement {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(opening, "opening");
        orders = List.copyOf(orders);
        charges = List.copyOf(charges);
        if (!until.isAfter(since)) {
            throw new IllegalArgumentException("a statement's period ends after it starts");
        }
        for (DailyCharge charge : charges) {
            if (charge.day().isBefore(since) || !charge.day().isBefore(until)) {
                throw new IllegalArgumentException("a charge of " + charge.day() + " is outside the period");
            }
        }
    }

    public BigDecimal ordered() {
        return orders.stream().map(Order::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public BigDecimal charged() {
        return charges.stream().map(DailyCharge::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public long requests() {
        return charges.stream().mapToLong(DailyCharge::requests).sum();
    }

    public BigDecimal closing() {
        return opening.add(ordered()).subtract(charged());
    }

    /** The charges by day, in order of days; only days with charges. */
    public List<Subtotal> byDay() {
        return subtotals(c -> c.day().toString());
    }

    /** The charges by model, in order of names. */
    public List<Subtotal> byModel() {
        return subtotals(DailyCharge::model);
    }

    private List<Subtotal> subtotals(Function<DailyCharge, String> key) {
        Map<String, Subtotal> sums = new TreeMap<>();
        for (DailyCharge charge : charges) {
            sums.merge(key.apply(charge), new Subtotal(key.apply(charge), charge.amount(), charge.requests()),
                    (a, b) -> new Subtotal(a.key(), a.amount().add(b.amount()), a.requests() + b.requests()));
        }
        return List.copyOf(sums.values());
    }
}
