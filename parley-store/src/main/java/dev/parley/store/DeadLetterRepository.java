package dev.parley.store;

import dev.parley.core.deadletter.DeadLetter;
import dev.parley.core.deadletter.DeadLetterFilter;
import dev.parley.core.deadletter.DeadLetterStore;
import dev.parley.core.tenancy.Page;
import dev.parley.core.tenancy.PageRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The dead-letter queue on SQLite or PostgreSQL (migration V12). A letter is added once per source, source id and
 * item ({@code ON CONFLICT DO NOTHING}); its one replay is started by an UPDATE that only takes a letter without
 * one, so two admins replaying at once start it once.
 */
public final class DeadLetterRepository implements DeadLetterStore {

    private static final String COLUMNS = "id, source, source_id, item_id, key_scope, key_name, team_id, endpoint, body,"
            + " failures, failed_at, replayed_at, replayed_by, replay_status, replay_request_id, replay_response";

    private final Jdbc jdbc;

    public DeadLetterRepository(Database database) {
        this.jdbc = new Jdbc(database);
    }

    @Override
    public boolean add(DeadLetter letter) {
        return jdbc.transaction("adding a dead letter", c -> insert(c, letter));
    }

    /** Adds a letter in the caller's transaction (a batch item's, which it finishes); false when it was there. */
    static boolean insert(Connection c, DeadLetter letter) throws SQLException {
        return Jdbc.update(c, "INSERT INTO dead_letters (id, source, source_id, item_id, key_scope, key_name, team_id,"
                + " endpoint, body, failures, failed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (source, source_id, item_id) DO NOTHING",
                List.of(letter.id(), letter.source(), letter.sourceId(), letter.itemId(), letter.keyScope(),
                        letter.keyName(), SqlValue.text(letter.teamId()), letter.endpoint(), letter.body(),
                        FailuresJson.write(letter.failures()), Micros.of(letter.failedAt()))) == 1;
    }

    @Override
    public Optional<DeadLetter> find(String id) {
        return jdbc.read("reading a dead letter", c -> find(c, id));
    }

    @Override
    public Page<DeadLetter> list(DeadLetterFilter filter, PageRequest page) {
        Where where = new Where();
        filter.source().ifPresent(s -> where.and("source = ?", s));
        filter.sourceId().ifPresent(s -> where.and("source_id = ?", s));
        filter.teamId().ifPresent(t -> where.and("team_id = ?", t));
        filter.state().ifPresent(s -> where.and(switch (s) {
            case "dead" -> "replayed_at IS NULL";
            case "replaying" -> "replayed_at IS NOT NULL AND replay_status IS NULL";
            default -> "replay_status IS NOT NULL";
        }));
        page.after().ifPresent(after -> where.and("id > ?", after));
        List<DeadLetter> rows = jdbc.read("listing dead letters", c -> Jdbc.list(c, "SELECT " + COLUMNS
                + " FROM dead_letters" + where.sql() + " ORDER BY id LIMIT " + (page.limit() + 1), where.parameters(),
                DeadLetterRepository::letter));
        if (rows.size() <= page.limit()) {
            return new Page<>(rows, Optional.empty());
        }
        List<DeadLetter> shown = rows.subList(0, page.limit());
        return new Page<>(shown, Optional.of(shown.getLast().id()));
    }

    @Override
    public Optional<DeadLetter> startReplay(String id, String by, Instant at) {
        return jdbc.transaction("starting a dead letter's replay", c -> {
            int started = Jdbc.update(c, "UPDATE dead_letters SET replayed_at = ?, replayed_by = ?"
                    + " WHERE id = ? AND replayed_at IS NULL", List.of(Micros.of(at), by, id));
            return started == 1 ? find(c, id) : Optional.empty();
        });
    }

    @Override
    public void finishReplay(String id, DeadLetter.Outcome outcome) {
        jdbc.transaction("recording a dead letter's replay", c -> Jdbc.update(c, "UPDATE dead_letters SET"
                + " replay_status = ?, replay_request_id = ?, replay_response = ? WHERE id = ?",
                List.of(outcome.status(), SqlValue.text(outcome.requestId()), outcome.body(), id)));
    }

    @Override
    public boolean discard(String id) {
        return jdbc.transaction("discarding a dead letter", c -> Jdbc.update(c,
                "DELETE FROM dead_letters WHERE id = ?", List.of(id)) == 1);
    }

    private static Optional<DeadLetter> find(Connection c, String id) throws SQLException {
        return Jdbc.first(c, "SELECT " + COLUMNS + " FROM dead_letters WHERE id = ?", List.of(id),
                DeadLetterRepository::letter);
    }

    private static DeadLetter letter(ResultSet rs) throws SQLException {
        long replayedAt = rs.getLong("replayed_at");
        Optional<DeadLetter.Replay> replay = Optional.empty();
        if (!rs.wasNull()) {
            int status = rs.getInt("replay_status");
            Optional<DeadLetter.Outcome> outcome = rs.wasNull() ? Optional.empty()
                    : Optional.of(new DeadLetter.Outcome(status, Optional.ofNullable(rs.getString("replay_request_id")),
                            Optional.ofNullable(rs.getString("replay_response")).orElse("")));
            replay = Optional.of(new DeadLetter.Replay(rs.getString("replayed_by"), Micros.instant(replayedAt), outcome));
        }
        return new DeadLetter(rs.getString("id"), rs.getString("source"), rs.getString("source_id"),
                rs.getString("item_id"), rs.getString("key_scope"), rs.getString("key_name"),
                Optional.ofNullable(rs.getString("team_id")), rs.getString("endpoint"), rs.getBytes("body"),
                FailuresJson.read(rs.getString("failures")), Micros.instant(rs.getLong("failed_at")), replay);
    }
}
