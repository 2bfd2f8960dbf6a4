package dev.parley.store;

import dev.parley.core.idempotency.IdempotencyKey;
import dev.parley.core.idempotency.IdempotencyRecord;
import dev.parley.core.idempotency.IdempotencyStore;
import dev.parley.core.idempotency.StoredResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Idempotency keys on SQLite or PostgreSQL (migration V12). A claim is one transaction: the insert that takes a
 * free key, or the row that holds it read under its lock (PostgreSQL's {@code FOR UPDATE}; SQLite's transactions
 * hold the one write lock from their start) and taken over only when its window or lease has ended, so that two
 * replicas never both run a key.
 */
public final class IdempotencyRepository implements IdempotencyStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS =
            "scope, idem_key, fingerprint, state, kept, status, headers, body, created_at, expires_at, lease_until";

    private final Jdbc jdbc;

    public IdempotencyRepository(Database database) {
        this.jdbc = new Jdbc(database);
    }

    @Override
    public Claim claim(IdempotencyRecord claim) {
        IdempotencyKey key = claim.key();
        List<Object> times = List.of(Micros.of(claim.createdAt()), Micros.of(claim.expiresAt()),
                Micros.of(claim.leaseUntil()));
        return jdbc.transaction("claiming an idempotency key", c -> {
            int inserted = Jdbc.update(c, "INSERT INTO idempotency_keys (scope, idem_key, fingerprint, state, kept,"
                    + " created_at, expires_at, lease_until) VALUES (?, ?, ?, 'in_flight', 0, ?, ?, ?)"
                    + " ON CONFLICT (scope, idem_key) DO NOTHING",
                    List.of(key.scope(), key.value(), claim.fingerprint(), times.get(0), times.get(1), times.get(2)));
            if (inserted == 1) {
                return new Claim.Won();
            }
            String lock = jdbc.kind() == Database.Kind.POSTGRESQL ? " FOR UPDATE" : "";
            IdempotencyRecord holder = find(c, key, lock).orElseThrow();
            if (!holder.takeable(claim.createdAt())) {
                return new Claim.Held(holder);
            }
            Jdbc.update(c, "UPDATE idempotency_keys SET fingerprint = ?, state = 'in_flight', kept = 0, status = NULL,"
                    + " headers = NULL, body = NULL, created_at = ?, expires_at = ?, lease_until = ?"
                    + " WHERE scope = ? AND idem_key = ?",
                    List.of(claim.fingerprint(), times.get(0), times.get(1), times.get(2), key.scope(), key.value()));
            return new Claim.Won();
        });
    }

    @Override
    public void complete(IdempotencyKey key, Optional<StoredResult> result) {
        jdbc.transaction("completing an idempotency key", c -> Jdbc.update(c,
                "UPDATE idempotency_keys SET state = 'done', kept = ?, status = ?, headers = ?, body = ?"
                        + " WHERE scope = ? AND idem_key = ? AND state = 'in_flight'",
                List.of(result.isPresent() ? 1 : 0,
                        SqlValue.integer(result.map(r -> OptionalInt.of(r.status())).orElse(OptionalInt.empty())),
                        SqlValue.text(result.map(r -> headers(r.headers()))),
                        new SqlValue.Nullable(result.map(StoredResult::body), Types.BINARY),
                        key.scope(), key.value())));
    }

    @Override
    public void release(IdempotencyKey key) {
        jdbc.transaction("releasing an idempotency key", c -> Jdbc.update(c,
                "DELETE FROM idempotency_keys WHERE scope = ? AND idem_key = ? AND state = 'in_flight'",
                List.of(key.scope(), key.value())));
    }

    @Override
    public Optional<IdempotencyRecord> find(IdempotencyKey key) {
        return jdbc.read("reading an idempotency key", c -> find(c, key, ""));
    }

    @Override
    public int purge(Instant now) {
        return jdbc.transaction("purging idempotency keys", c -> Jdbc.update(c,
                "DELETE FROM idempotency_keys WHERE expires_at <= ?", List.of(Micros.of(now))));
    }

    private static Optional<IdempotencyRecord> find(Connection c, IdempotencyKey key, String lock)
            throws SQLException {
        return Jdbc.first(c, "SELECT " + COLUMNS + " FROM idempotency_keys WHERE scope = ? AND idem_key = ?" + lock,
                List.of(key.scope(), key.value()), IdempotencyRepository::record);
    }

    private static IdempotencyRecord record(ResultSet rs) throws SQLException {
        IdempotencyKey key = new IdempotencyKey(rs.getString("scope"), rs.getString("idem_key"));
        IdempotencyRecord.State state;
        if ("in_flight".equals(rs.getString("state"))) {
            state = new IdempotencyRecord.State.InFlight();
        } else if (rs.getInt("kept") == 1) {
            state = new IdempotencyRecord.State.Done(Optional.of(new StoredResult(rs.getInt("status"),
                    headers(rs.getString("headers")), rs.getBytes("body"))));
        } else {
            state = new IdempotencyRecord.State.Done(Optional.empty());
        }
        return new IdempotencyRecord(key, rs.getString("fingerprint"), state,
                Micros.instant(rs.getLong("created_at")), Micros.instant(rs.getLong("expires_at")),
                Micros.instant(rs.getLong("lease_until")));
    }

    private static String headers(Map<String, String> headers) {
        ObjectNode o = JSON.createObjectNode();
        headers.forEach(o::put);
        return JSON.writeValueAsString(o);
    }

    private static Map<String, String> headers(String json) {
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode o = JSON.readTree(json);
        o.properties().forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
        return headers;
    }
}
