package dev.parley.core.tenancy;

import java.util.Objects;

/** The store's side of tenancy, handed to the server by the app. */
public record TenancyPorts(TenancyStore store, AuditLog audit, BalanceStore balances) {
    public TenancyPorts {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(balances, "balances");
    }
}
