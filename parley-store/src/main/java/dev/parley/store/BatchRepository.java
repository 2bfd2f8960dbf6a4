package dev.parley.store;

import dev.parley.core.batch.Batch;
import dev.parley.core.batch.BatchEndpoint;
import dev.parley.core.batch.BatchFile;
import dev.parley.core.batch.BatchIds;
import dev.parley.core.batch.BatchLifecycle;
import dev.parley.core.batch.BatchLines;
import dev.parley.core.batch.BatchRequest;
import dev.parley.core.batch.BatchStatus;
import dev.parley.core.batch.BatchStore;
import dev.parley.core.batch.ClaimedItem;
import dev.parley.core.batch.FileKind;
import dev.parley.core.batch.ItemState;
import dev.parley.core.deadletter.DeadLetter;
import dev.parley.core.deadletter.Failure;
import dev.parley.core.tenancy.Page;
import dev.parley.core.tenancy.PageRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Batch jobs on SQLite or PostgreSQL (migration V14). Every change of a batch or its items is one transaction that
 * first takes the batch (PostgreSQL: its row {@code FOR UPDATE}; SQLite: the one write lock every transaction takes
 * at its start), so that claims respect the batch's concurrency over every replica and a batch ends only while
 * nothing of it runs. An item is changed only by the runner that holds it ({@code WHERE runner = ?}), and its
 * result, and dead letter, are written by the transaction that finishes it.
 */
public final class BatchRepository implements BatchStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String FILE_COLUMNS = "id, key_scope, kind, filename, bytes, created_at, batch_id";
    /** The statuses with a column saying when a batch reached them (validating is its creation). */
    private static final List<BatchStatus> TIMED = List.of(BatchStatus.IN_PROGRESS, BatchStatus.FINALIZING,
            BatchStatus.COMPLETED, BatchStatus.FAILED, BatchStatus.EXPIRED, BatchStatus.CANCELLING,
            BatchStatus.CANCELLED);
    private static final String BATCH_COLUMNS = "id, key_scope, key_name, team_id, endpoint, input_file_id,"
            + " completion_window, metadata, status, created_at, output_file_id, error_file_id, "
            + String.join(", ", TIMED.stream().map(BatchRepository::column).toList());
    /** An item no runner holds and that is not finished: pending, or running on a lease that has ended. */
    private static final String DUE_OR_LAPSED = "(state = 'pending' OR (state = 'running' AND lease_until <= ?))";

    private final Jdbc jdbc;

    public BatchRepository(Database database) {
        this.jdbc = new Jdbc(database);
    }

    @Override
    public void addFile(BatchFile file, byte[] content) {
        jdbc.transaction("storing a file", c -> insertFile(c, file, Optional.of(content)));
    }

    @Override
    public Optional<BatchFile> file(String id) {
        return jdbc.read("reading a file", c -> Jdbc.first(c, "SELECT " + FILE_COLUMNS + " FROM batch_files WHERE id = ?",
                List.of(id), BatchRepository::file));
    }

    @Override
    public Page<BatchFile> files(String keyScope, Optional<FileKind> kind, PageRequest page) {
        Where where = new Where();
        where.and("key_scope = ?", keyScope);
        kind.ifPresent(k -> where.and(k == FileKind.INPUT ? "kind = 'input'" : "kind IN ('output', 'error')"));
        return newestFirst(where, page, "batch_files", FILE_COLUMNS, BatchRepository::file, BatchFile::id);
    }

    @Override
    public Optional<byte[]> content(String fileId) {
        return jdbc.read("reading a file's content", c -> Jdbc.first(c,
                "SELECT content FROM batch_files WHERE id = ? AND content IS NOT NULL", List.of(fileId),
                rs -> rs.getBytes(1)));
    }

    @Override
    public List<Line> lines(String batchId, FileKind kind, int afterLine, int limit) {
        return jdbc.read("reading a batch's lines", c -> Jdbc.list(c, "SELECT line, result FROM batch_items"
                + " WHERE batch_id = ? AND state IN " + states(kind) + " AND line > ? ORDER BY line LIMIT " + limit,
                List.of(batchId, afterLine), rs -> new Line(rs.getInt(1), rs.getString(2))));
    }

    @Override
    public boolean deleteFile(String id) {
        return jdbc.transaction("deleting a file", c -> Jdbc.update(c, "DELETE FROM batch_files WHERE id = ?",
                List.of(id)) == 1);
    }

    @Override
    public void createBatch(Batch batch, List<BatchRequest> requests) {
        jdbc.transaction("creating a batch", c -> {
            Jdbc.update(c, "INSERT INTO batches (id, key_scope, key_name, team_id, endpoint, input_file_id,"
                    + " completion_window, metadata, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    List.of(batch.id(), batch.keyScope(), batch.keyName(), SqlValue.text(batch.teamId()),
                            batch.endpoint().path(), batch.inputFileId(), Micros.of(batch.completionWindow()),
                            metadata(batch.metadata()), batch.status().wire(), Micros.of(batch.createdAt())));
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO batch_items (batch_id, line, custom_id,"
                    + " body, state) VALUES (?, ?, ?, ?, 'pending')")) {
                for (BatchRequest request : requests) {
                    insert.setString(1, batch.id());
                    insert.setInt(2, request.line());
                    insert.setString(3, request.customId());
                    insert.setBytes(4, request.body());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Optional<Batch> batch(String id) {
        return jdbc.read("reading a batch", c -> batch(c, id, ""));
    }

    @Override
    public Page<Batch> batches(String keyScope, PageRequest page) {
        Where where = new Where();
        where.and("key_scope = ?", keyScope);
        Page<String> ids = newestFirst(where, page, "batches", "id", rs -> rs.getString(1), Function.identity());
        List<Batch> shown = jdbc.read("reading batches", c -> {
            List<Batch> batches = new ArrayList<>();
            for (String id : ids.items()) {
                batch(c, id, "").ifPresent(batches::add);
            }
            return batches;
        });
        return new Page<>(shown, ids.next());
    }

    @Override
    public Optional<Batch> cancel(String id, Instant at) {
        return jdbc.transaction("cancelling a batch", c -> {
            Jdbc.update(c, "UPDATE batches SET status = 'cancelling', cancelling_at = ? WHERE id = ?"
                    + " AND status IN ('validating', 'in_progress')", List.of(Micros.of(at), id));
            return batch(c, id, "");
        });
    }

    @Override
    public List<String> activeBatches() {
        return jdbc.read("listing active batches", c -> Jdbc.list(c, "SELECT id FROM batches WHERE status IN"
                + " ('validating', 'in_progress', 'finalizing', 'cancelling') ORDER BY id", List.of(),
                rs -> rs.getString(1)));
    }

    @Override
    public List<ClaimedItem> claim(String batchId, String runner, int limit, int concurrency, Instant now,
                                   Instant leaseUntil) {
        long at = Micros.of(now);
        return jdbc.transaction("claiming batch items", c -> {
            Optional<Batch> found = batch(c, batchId, lock());
            if (found.isEmpty() || !found.get().status().claimable() || !now.isBefore(found.get().expiresAt())) {
                return List.of();
            }
            Batch batch = found.get();
            long running = Jdbc.count(c, "SELECT COUNT(*) FROM batch_items WHERE batch_id = ? AND state = 'running'"
                    + " AND lease_until > ?", List.of(batchId, at));
            long room = Math.min(limit, concurrency - running);
            if (room <= 0) {
                return List.of();
            }
            List<ClaimedItem> due = Jdbc.list(c, "SELECT line, custom_id, body, tries, failures FROM batch_items"
                    + " WHERE batch_id = ? AND ((state = 'pending' AND not_before <= ?) OR (state = 'running'"
                    + " AND lease_until <= ?)) ORDER BY line LIMIT " + room, List.of(batchId, at, at),
                    rs -> new ClaimedItem(batchId, rs.getInt(1), rs.getString(2), batch.keyScope(), batch.keyName(),
                            batch.teamId(), batch.endpoint(), rs.getBytes(3), rs.getInt(4) + 1,
                            FailuresJson.read(rs.getString(5))));
            List<ClaimedItem> claimed = new ArrayList<>();
            for (ClaimedItem item : due) {
                // The same condition again: on PostgreSQL a runner may have finished the item since it was read.
                int taken = Jdbc.update(c, "UPDATE batch_items SET state = 'running', runner = ?, lease_until = ?,"
                        + " tries = tries + 1 WHERE batch_id = ? AND line = ? AND ((state = 'pending' AND not_before"
                        + " <= ?) OR (state = 'running' AND lease_until <= ?))",
                        List.of(runner, Micros.of(leaseUntil), batchId, item.line(), at, at));
                if (taken == 1) {
                    claimed.add(item);
                }
            }
            if (!claimed.isEmpty() && batch.status() == BatchStatus.VALIDATING) {
                Jdbc.update(c, "UPDATE batches SET status = 'in_progress', in_progress_at = ? WHERE id = ?",
                        List.of(at, batchId));
            }
            return claimed;
        });
    }

    @Override
    public boolean finish(ClaimedItem item, String runner, ItemState state, String line, Optional<String> requestId,
                          Optional<DeadLetter> letter, Instant at) {
        return jdbc.transaction("finishing a batch item", c -> {
            int done = Jdbc.update(c, "UPDATE batch_items SET state = ?, result = ?, request_id = ?, finished_at = ?,"
                    + " runner = NULL, lease_until = NULL WHERE batch_id = ? AND line = ? AND state = 'running'"
                    + " AND runner = ?", List.of(state.wire(), line, SqlValue.text(requestId), Micros.of(at),
                            item.batchId(), item.line(), runner));
            if (done == 1 && letter.isPresent()) {
                DeadLetterRepository.insert(c, letter.get());
            }
            return done == 1;
        });
    }

    @Override
    public boolean retryLater(ClaimedItem item, String runner, Instant notBefore, List<Failure> failures) {
        return jdbc.transaction("putting a batch item back", c -> Jdbc.update(c, "UPDATE batch_items SET"
                + " state = 'pending', not_before = ?, failures = ?, runner = NULL, lease_until = NULL"
                + " WHERE batch_id = ? AND line = ? AND state = 'running' AND runner = ?",
                List.of(Micros.of(notBefore), FailuresJson.write(failures), item.batchId(), item.line(), runner)) == 1);
    }

    @Override
    public int renew(String runner, Instant leaseUntil) {
        return jdbc.transaction("renewing batch item leases", c -> Jdbc.update(c, "UPDATE batch_items"
                + " SET lease_until = ? WHERE runner = ? AND state = 'running'", List.of(Micros.of(leaseUntil), runner)));
    }

    @Override
    public int release(String runner) {
        return jdbc.transaction("releasing batch items", c -> Jdbc.update(c, "UPDATE batch_items SET"
                + " state = 'pending', runner = NULL, lease_until = NULL WHERE runner = ? AND state = 'running'",
                List.of(runner)));
    }

    @Override
    public Optional<Batch> settle(String batchId, Instant now, String outputFileId, String errorFileId) {
        long at = Micros.of(now);
        return jdbc.transaction("ending a batch", c -> {
            Optional<Batch> found = batch(c, batchId, lock());
            if (found.isEmpty() || !found.get().status().active()) {
                return Optional.empty();
            }
            Batch batch = found.get();
            long pending = Jdbc.count(c, "SELECT COUNT(*) FROM batch_items WHERE batch_id = ? AND " + DUE_OR_LAPSED,
                    List.of(batchId, at));
            long running = Jdbc.count(c, "SELECT COUNT(*) FROM batch_items WHERE batch_id = ? AND state = 'running'"
                    + " AND lease_until > ?", List.of(batchId, at));
            if (!(BatchLifecycle.next(batch.status(), batch.expiresAt(), pending, running, now)
                    instanceof BatchLifecycle.Next.End end)) {
                return Optional.empty();
            }
            leftover(c, batchId, end.leftover(), at);
            Optional<String> output = fileOf(c, batch, FileKind.OUTPUT, outputFileId, now);
            Optional<String> error = fileOf(c, batch, FileKind.ERROR, errorFileId, now);
            Jdbc.update(c, "UPDATE batches SET status = ?, finalizing_at = ?, " + column(end.status()) + " = ?,"
                    + " output_file_id = ?, error_file_id = ? WHERE id = ?", List.of(end.status().wire(), at, at,
                            SqlValue.text(output), SqlValue.text(error), batchId));
            return batch(c, batchId, "");
        });
    }

    /** Items that never ran get their line in the error file and the leftover state. */
    private static void leftover(Connection c, String batchId, ItemState state, long at) throws SQLException {
        List<Left> left = Jdbc.list(c, "SELECT line, custom_id FROM batch_items WHERE batch_id = ? AND "
                + DUE_OR_LAPSED, List.of(batchId, at), rs -> new Left(rs.getInt(1), rs.getString(2)));
        try (PreparedStatement update = c.prepareStatement("UPDATE batch_items SET state = ?, result = ?,"
                + " finished_at = ?, runner = NULL, lease_until = NULL WHERE batch_id = ? AND line = ?")) {
            for (Left item : left) {
                update.setString(1, state.wire());
                update.setString(2, BatchLines.notRun(BatchIds.requestLine(batchId, item.line()), item.customId(),
                        state));
                update.setLong(3, at);
                update.setString(4, batchId);
                update.setInt(5, item.line());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** An item that never ran. */
    private record Left(int line, String customId) {
    }

    /** The batch's output or error file, made when it has lines: its size is its lines' bytes and newlines. */
    private Optional<String> fileOf(Connection c, Batch batch, FileKind kind, String id, Instant now)
            throws SQLException {
        String length = jdbc.kind() == Database.Kind.POSTGRESQL ? "octet_length(result)"
                : "length(CAST(result AS BLOB))";
        List<Long> counted = Jdbc.list(c, "SELECT COUNT(*), COALESCE(SUM(" + length + "), 0) FROM batch_items"
                + " WHERE batch_id = ? AND state IN " + states(kind), List.of(batch.id()),
                rs -> rs.getLong(1) == 0 ? -1L : rs.getLong(1) + rs.getLong(2));
        long bytes = counted.getFirst();
        if (bytes < 0) {
            return Optional.empty();
        }
        insertFile(c, new BatchFile(id, batch.keyScope(), kind, batch.id() + "_" + kind.wire() + ".jsonl", bytes,
                now, Optional.of(batch.id())), Optional.empty());
        return Optional.of(id);
    }

    private static Void insertFile(Connection c, BatchFile file, Optional<byte[]> content) throws SQLException {
        Jdbc.update(c, "INSERT INTO batch_files (id, key_scope, kind, filename, bytes, created_at, batch_id, content)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", List.of(file.id(), file.keyScope(), file.kind().wire(),
                        file.filename(), file.bytes(), Micros.of(file.createdAt()), SqlValue.text(file.batchId()),
                        new SqlValue.Nullable(content, Types.BINARY)));
        return null;
    }

    private String lock() {
        return jdbc.kind() == Database.Kind.POSTGRESQL ? " FOR UPDATE" : "";
    }

    private static Optional<Batch> batch(Connection c, String id, String lock) throws SQLException {
        Optional<Batch> row = Jdbc.first(c, "SELECT " + BATCH_COLUMNS + " FROM batches WHERE id = ?" + lock,
                List.of(id), BatchRepository::batchRow);
        if (row.isEmpty()) {
            return row;
        }
        Map<String, Long> byState = new LinkedHashMap<>();
        Jdbc.list(c, "SELECT state, COUNT(*) FROM batch_items WHERE batch_id = ? GROUP BY state", List.of(id),
                rs -> byState.put(rs.getString(1), rs.getLong(2)));
        int total = (int) byState.values().stream().mapToLong(Long::longValue).sum();
        Batch b = row.get();
        return Optional.of(new Batch(b.id(), b.keyScope(), b.keyName(), b.teamId(), b.endpoint(), b.inputFileId(),
                b.completionWindow(), b.metadata(), b.status(), b.createdAt(), b.reached(),
                new Batch.Counts(total, byState.getOrDefault("succeeded", 0L).intValue(),
                        byState.getOrDefault("failed", 0L).intValue()), b.outputFileId(), b.errorFileId()));
    }

    private static Batch batchRow(ResultSet rs) throws SQLException {
        Map<BatchStatus, Instant> reached = new EnumMap<>(BatchStatus.class);
        for (BatchStatus status : TIMED) {
            long micros = rs.getLong(column(status));
            if (!rs.wasNull()) {
                reached.put(status, Micros.instant(micros));
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        JSON.readTree(rs.getString("metadata")).properties().forEach(e -> metadata.put(e.getKey(),
                e.getValue().asString()));
        return new Batch(rs.getString("id"), rs.getString("key_scope"), rs.getString("key_name"),
                Optional.ofNullable(rs.getString("team_id")),
                BatchEndpoint.of(rs.getString("endpoint")).orElseThrow(),
                rs.getString("input_file_id"), Micros.duration(rs.getLong("completion_window")), metadata,
                BatchStatus.of(rs.getString("status")).orElseThrow(), Micros.instant(rs.getLong("created_at")),
                reached, Batch.Counts.NONE, Optional.ofNullable(rs.getString("output_file_id")),
                Optional.ofNullable(rs.getString("error_file_id")));
    }

    private static BatchFile file(ResultSet rs) throws SQLException {
        return new BatchFile(rs.getString("id"), rs.getString("key_scope"),
                FileKind.of(rs.getString("kind")).orElseThrow(), rs.getString("filename"), rs.getLong("bytes"),
                Micros.instant(rs.getLong("created_at")), Optional.ofNullable(rs.getString("batch_id")));
    }

    /** A keyset page, newest (largest id) first. */
    private <T> Page<T> newestFirst(Where where, PageRequest page, String table, String columns,
                                    Jdbc.RowReader<T> reader, Function<T, String> id) {
        page.after().ifPresent(after -> where.and("id < ?", after));
        List<T> rows = jdbc.read("listing " + table, c -> Jdbc.list(c, "SELECT " + columns + " FROM " + table
                + where.sql() + " ORDER BY id DESC LIMIT " + (page.limit() + 1), where.parameters(), reader));
        if (rows.size() <= page.limit()) {
            return new Page<>(rows, Optional.empty());
        }
        List<T> shown = rows.subList(0, page.limit());
        return new Page<>(shown, Optional.of(id.apply(shown.getLast())));
    }

    /** The states of the items whose lines a batch's output or error file holds, as an SQL list. */
    private static String states(FileKind kind) {
        List<String> states = Arrays.stream(ItemState.values()).filter(s -> s.finished() && s.file() == kind)
                .map(s -> "'" + s.wire() + "'").toList();
        if (states.isEmpty()) {
            throw new IllegalArgumentException("no batch item has its line in an " + kind.wire() + " file");
        }
        return "(" + String.join(", ", states) + ")";
    }

    private static String column(BatchStatus status) {
        return status.wire() + "_at";
    }

    private static String metadata(Map<String, String> metadata) {
        ObjectNode o = JSON.createObjectNode();
        metadata.forEach(o::put);
        return JSON.writeValueAsString(o);
    }
}
