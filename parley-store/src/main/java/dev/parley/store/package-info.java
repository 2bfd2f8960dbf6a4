/**
 * Parley's store: the only code that speaks SQL.
 *
 * <ul>
 *   <li>{@link dev.parley.store.Database} opens SQLite (the embedded default) or PostgreSQL behind a pool and
 *       migrates it with the scripts under {@code db/migration/<kind>}.
 *   <li>{@link dev.parley.store.UsageRepository} reads and writes the usage ledger, {@code usage_records}.
 *   <li>{@link dev.parley.store.UsageWriter} is the server's {@link dev.parley.core.usage.UsageSink}: it writes
 *       usage rows in batches off the request path and documents what a crash can lose.
 *   <li>{@link dev.parley.store.TenancyRepository} is the core's {@link dev.parley.core.tenancy.TenancyStore}:
 *       teams, projects, members, virtual keys (as hashes), limits and budgets, and what a scope spent.
 *   <li>{@link dev.parley.store.AuditRepository} is the core's {@link dev.parley.core.tenancy.AuditLog}: the
 *       append-only, hash-chained audit log.
 * </ul>
 *
 * <p>Times are stored as integers on both databases: instants as microseconds since the Unix epoch (UTC) and
 * durations as microseconds, so that the same SQL and the same mapping serve both.
 */
package dev.parley.store;
