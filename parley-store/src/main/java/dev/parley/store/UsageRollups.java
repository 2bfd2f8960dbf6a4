package dev.parley.store;

import dev.parley.core.usage.UsageRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The hourly and daily rollups of the ledger, kept up to date as rows are inserted. */
final class UsageRollups {

    private UsageRollups() {}

    /** Adds {@code inserted}, rows just stored, to the rollups, in the inserting transaction. */
    static void add(Connection connection, Database.Kind kind, List<UsageRecord> inserted) throws SQLException {
        // No rollups yet.
    }
}
