package dev.parley.store;

import dev.parley.core.tenancy.AuditChain;
import dev.parley.core.tenancy.AuditEntry;
import dev.parley.core.tenancy.AuditEvent;
import dev.parley.core.tenancy.AuditLog;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The audit log in {@code audit_log}, append-only: this class only ever INSERTs into it, and nothing else in Parley
 * writes to it.
 *
 * <p>An append reads the last entry and inserts the next one in a single transaction that excludes every other
 * appender, in this process or another (PostgreSQL: a transaction-scoped advisory lock; SQLite: the write lock its
 * {@code BEGIN IMMEDIATE} takes), so that the numbers have no gaps and the chain never forks. The primary key on
 * {@code seq} would refuse a fork all the same.
 */
public final class AuditRepository implements AuditLog {

    private static final String COLUMNS = "seq, at, actor, action, target, source, before_json, after_json,"
            + " previous_hash, hash";

    /**
     * The advisory lock's first key ("PRLY"); the second is the schema's hash, so that installations sharing a
     * PostgreSQL database in different schemas do not wait for each other.
     */
    private static final int ADVISORY_LOCK_CLASS = 0x50524C59;

    private final Jdbc jdbc;

    public AuditRepository(Database database) {
        this.jdbc = new Jdbc(database);
    }

    @Override
    public AuditEntry append(AuditEvent event) {
        AuditEvent storable = storable(event);
        return jdbc.transaction("appending to the audit log", c -> {
            excludeOtherAppenders(c);
            Optional<AuditEntry> last = Jdbc.first(c, "SELECT " + COLUMNS + " FROM audit_log ORDER BY seq DESC LIMIT 1",
                    List.of(), AuditRepository::entry);
            AuditEntry entry = AuditChain.link(last.map(AuditEntry::seq).orElse(0L) + 1, storable,
                    last.map(AuditEntry::hash).orElse(AuditChain.GENESIS));
            AuditEvent e = entry.event();
            Jdbc.update(c, "INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    List.of(entry.seq(), Micros.of(e.at()), e.actor(), e.action(), SqlValue.text(e.target()),
                            e.source(), SqlValue.text(e.before()), SqlValue.text(e.after()), entry.previousHash(),
                            entry.hash()));
            return entry;
        });
    }

    @Override
    public List<AuditEntry> entries(long afterSeq, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        return jdbc.read("reading the audit log", c -> List.copyOf(Jdbc.list(c,
                "SELECT " + COLUMNS + " FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?", List.of(afterSeq, limit),
                AuditRepository::entry)));
    }

    private void excludeOtherAppenders(Connection c) throws SQLException {
        switch (jdbc.kind()) {
            case POSTGRESQL -> Jdbc.first(c, "SELECT pg_advisory_xact_lock(?, hashtext(current_schema()))",
                    List.of(ADVISORY_LOCK_CLASS), rs -> true);
            // The transaction began with BEGIN IMMEDIATE (Database's transaction mode): it holds the write lock.
            case SQLITE -> { }
        }
    }

    /**
     * The event as the database will hold it, so that the hash computed now is the hash of what is read back:
     * its time cut to microseconds, NUL characters (which PostgreSQL text cannot hold) replaced.
     */
    private static AuditEvent storable(AuditEvent event) {
        return new AuditEvent(Micros.instant(Micros.of(event.at())), UsageRows.text(event.actor()),
                UsageRows.text(event.action()), event.target().map(UsageRows::text), UsageRows.text(event.source()),
                event.before().map(UsageRows::text), event.after().map(UsageRows::text));
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        AuditEvent event = new AuditEvent(Micros.instant(rs.getLong("at")), rs.getString("actor"),
                rs.getString("action"), Optional.ofNullable(rs.getString("target")), rs.getString("source"),
                Optional.ofNullable(rs.getString("before_json")), Optional.ofNullable(rs.getString("after_json")));
        return new AuditEntry(rs.getLong("seq"), event, rs.getString("previous_hash"), rs.getString("hash"));
    }
}
