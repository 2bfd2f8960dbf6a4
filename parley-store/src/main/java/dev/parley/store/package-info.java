/**
 * Parley's store: the only code that speaks SQL.
 *
 * <ul>
 *   <li>{@link dev.parley.store.Database} opens SQLite (the embedded default) or PostgreSQL behind a pool and
 *       migrates it with the scripts under {@code db/migration/<kind>}.
 *   <li>{@link dev.parley.store.UsageRepository} reads and writes the usage ledger, {@code usage_records}.
 *   <li>{@link dev.parley.store.UsageWriter} is the server's {@link dev.parley.core.usage.UsageSink}: it writes
 *       usage rows in batches off the request path and documents what a crash can lose.
 * </ul>
 *
 * <p>Times are stored as integers on both databases: instants as microseconds since the Unix epoch (UTC) and
 * durations as microseconds, so that the same SQL and the same mapping serve both.
 */
package dev.parley.store;
