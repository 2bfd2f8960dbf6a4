package dev.parley.core.tenancy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One change of an account's credit, kept for ever (orders are never changed nor deleted; a mistake is undone by
 * an adjustment). A top-up adds a positive amount; an adjustment adds a signed one, never zero.
 *
 * @param actor who placed it, as the audit log names principals
 * @param reason why, in the actor's words: required, so that every change of credit explains itself
 * @param reference the payer's own reference (an invoice, a payment id), unique per account, so that a top-up
 *                  sent twice is booked once
 */
public record Order(String id, String accountId, OrderKind kind, BigDecimal amount, String actor, String reason,
                    Optional<String> reference, Instant createdAt) {

    /** Digits NUMERIC(24, 10) holds, as for costs and budgets. */
    public static final int MAX_SCALE = 10;
    public static final int MAX_INTEGER_DIGITS = 14;

    public Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(createdAt, "createdAt");
        switch (kind) {
            case TOP_UP -> require(amount.signum() > 0, "a top-up must be positive");
            case ADJUSTMENT -> require(amount.signum() != 0, "an adjustment cannot be zero");
        }
        require(amount.scale() <= MAX_SCALE && amount.precision() - amount.scale() <= MAX_INTEGER_DIGITS,
                "an amount has at most " + MAX_INTEGER_DIGITS + " digits before the point and " + MAX_SCALE + " after it");
        require(!reason.isBlank(), "an order needs a reason");
        require(reference.filter(String::isBlank).isEmpty(), "a reference cannot be blank");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Whether {@code other} is this order sent again: same account, reference, kind and amount. */
    public boolean sameAs(Order other) {
        return accountId.equals(other.accountId) && reference.equals(other.reference) && kind == other.kind
                && amount.compareTo(other.amount) == 0;
    }
}
