package dev.parley.store;

import dev.parley.core.usage.CapturedBodies;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code request_bodies} table: bodies kept for the requests whose key's rules ask for them. A request id is
 * kept once (a second insert of it changes nothing); rows are purged by age in bounded batches.
 */
public final class BodyRepository {

    /** Rows deleted per purge statement, so that a purge never holds a long lock. */
    static final int PURGE_BATCH = 1_000;

    private final Jdbc jdbc;

    public BodyRepository(Database database) {
        this.jdbc = new Jdbc(Objects.requireNonNull(database, "database"));
    }

    /** Stores every one of {@code bodies} whose request id is not stored yet, in one transaction. */
    public void insert(List<CapturedBodies> bodies) {
        if (bodies.isEmpty()) {
            return;
        }
        jdbc.transaction("storing request bodies", c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO request_bodies (request_id, started_at,"
                    + " request_body, response_body, request_truncated, response_truncated) VALUES (?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (request_id) DO NOTHING")) {
                for (CapturedBodies one : bodies) {
                    insert.setString(1, UsageRows.text(one.requestId()));
                    insert.setLong(2, Micros.of(one.startedAt()));
                    insert.setString(3, UsageRows.text(one.request()));
                    insert.setString(4, UsageRows.text(one.response()));
                    insert.setBoolean(5, one.requestTruncated());
                    insert.setBoolean(6, one.responseTruncated());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    public Optional<CapturedBodies> find(String requestId) {
        return jdbc.read("reading request bodies", c -> Jdbc.first(c, "SELECT request_id, started_at, request_body,"
                + " response_body, request_truncated, response_truncated FROM request_bodies WHERE request_id = ?",
                List.of(requestId), BodyRepository::read));
    }

    /** Deletes the bodies of requests that started before {@code cutoff}; answers how many. */
    public long purgeBefore(Instant cutoff) {
        long deleted = 0;
        while (true) {
            int now = jdbc.transaction("purging request bodies", c -> Jdbc.update(c, "DELETE FROM request_bodies"
                    + " WHERE request_id IN (SELECT request_id FROM request_bodies WHERE started_at < ?"
                    + " ORDER BY started_at LIMIT ?)", List.of(Micros.of(cutoff), PURGE_BATCH)));
            deleted += now;
            if (now == 0) {
                return deleted;
            }
        }
    }

    private static CapturedBodies read(ResultSet rs) throws SQLException {
        return new CapturedBodies(rs.getString("request_id"), Micros.instant(rs.getLong("started_at")),
                rs.getString("request_body"), rs.getString("response_body"), rs.getBoolean("request_truncated"),
                rs.getBoolean("response_truncated"));
    }
}
