package dev.parley.core.tenancy;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An account as the ledger has it: its credit (the sum of its orders) and what its rows were charged. Requests in
 * flight hold more, which only the request path knows.
 */
public record AccountStanding(Account account, BigDecimal credit, BigDecimal charged) {
    public AccountStanding {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(credit, "credit");
        Objects.requireNonNull(charged, "charged");
    }

    public BigDecimal balance() {
        return credit.subtract(charged);
    }
}
