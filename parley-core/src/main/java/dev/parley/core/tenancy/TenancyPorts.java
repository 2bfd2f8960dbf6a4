package dev.parley.core.tenancy;

import dev.parley.core.usage.UsageLedger;
import java.util.Objects;

/**
 * The store's side of tenancy, handed to the server by the app: tenancy, the audit log, prepaid balances and the
 * ledger's reports.
 */
public record TenancyPorts(TenancyStore store, AuditLog audit, BalanceStore balances, UsageLedger usage) {
    public TenancyPorts {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(balances, "balances");
        Objects.requireNonNull(usage, "usage");
    }
}
