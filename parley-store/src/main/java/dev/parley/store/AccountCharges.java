package dev.parley.store;

import dev.parley.core.usage.UsageRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Prepaid balances: the cost of each row stored, charged to the account that pays for it. */
final class AccountCharges {

    private AccountCharges() {}

    /** Charges {@code inserted}, rows just stored, to their accounts, in the inserting transaction. */
    static void charge(Connection connection, Database.Kind kind, List<UsageRecord> inserted) throws SQLException {
        // No prepaid accounts yet.
    }
}
