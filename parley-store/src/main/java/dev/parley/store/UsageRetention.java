package dev.parley.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Deletes what the ledger no longer keeps: raw rows and hourly rollups started before a cutoff, in bounded batches
 * (each its own short transaction, so that inserts are never held up for long). The daily rollups are never deleted,
 * so reports by day and budgets keep every figure. Rows still in the journal are not in the database yet and are
 * not touched.
 */
public final class UsageRetention {

    /** Raw rows deleted per statement. */
    static final int RAW_BATCH = 5_000;
    /** Hours of hourly rollups deleted per statement. */
    static final int HOURS_BATCH = 24;

    private final Jdbc jdbc;
    private final UsagePartitions partitions;

    public UsageRetention(Database database) {
        this.jdbc = new Jdbc(Objects.requireNonNull(database, "database"));
        this.partitions = new UsagePartitions(database);
    }

    /**
     * Deletes the raw rows that started before {@code cutoff}; answers how many. On PostgreSQL the days that ended by
     * then go whole, their partitions dropped; what is left (the cutoff's own day, rows in the default partition)
     * is deleted row by row.
     */
    public long deleteRawBefore(Instant cutoff) {
        long dropped = partitions.dropBefore(cutoff);
        return dropped + deleteInBatches("deleting usage rows", "DELETE FROM usage_records"
                + " WHERE (request_id, started_at) IN (SELECT request_id, started_at FROM usage_records"
                + " WHERE started_at < ? ORDER BY started_at LIMIT ?)", Micros.of(cutoff), RAW_BATCH);
    }

    /** Deletes the hourly rollups of the hours that started before {@code cutoff}; answers how many rows. */
    public long deleteHourlyBefore(Instant cutoff) {
        return deleteInBatches("deleting hourly usage rollups", "DELETE FROM usage_hourly WHERE bucket_start IN"
                + " (SELECT DISTINCT bucket_start FROM usage_hourly WHERE bucket_start < ? ORDER BY bucket_start"
                + " LIMIT ?)", Micros.of(cutoff), HOURS_BATCH);
    }

    /** What one pass deleted: raw rows and hourly rollup rows. */
    public record Deleted(long raw, long hourly) {
    }

    private long deleteInBatches(String operation, String sql, long cutoff, int batch) {
        long deleted = 0;
        while (true) {
            int now = jdbc.transaction(operation, c -> Jdbc.update(c, sql, List.of(cutoff, batch)));
            deleted += now;
            if (now == 0) {
                return deleted;
            }
        }
    }
}
