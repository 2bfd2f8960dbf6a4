package dev.parley.store;

import dev.parley.core.usage.UsageRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What storing usage rows changes besides {@code usage_records}, done in the transaction that inserts them, with
 * only the rows that transaction really inserted: so that each row counts in it exactly once, whether its batch is
 * retried, replayed from the journal or written by another replica, and so that it never counts a row the database
 * did not keep.
 */
final class LedgerEffects {

    private LedgerEffects() {}

    /** Applies the effects of {@code inserted}, the rows just stored, on {@code connection}'s open transaction. */
    static void apply(Connection connection, Database.Kind kind, List<UsageRecord> inserted) throws SQLException {
        if (inserted.isEmpty()) {
            return;
        }
        UsageRollups.add(connection, kind, inserted);
        ChannelRollups.add(connection, inserted);
        AccountCharges.charge(connection, kind, inserted);
    }
}
