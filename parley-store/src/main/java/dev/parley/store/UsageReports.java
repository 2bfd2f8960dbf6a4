package dev.parley.store;

import dev.parley.core.usage.TimeGrain;
import dev.parley.core.usage.UsageDimension;
import dev.parley.core.usage.UsageFilter;
import dev.parley.core.usage.UsageLatency;
import dev.parley.core.usage.UsageLedger;
import dev.parley.core.usage.UsageReach;
import dev.parley.core.usage.UsageRecord;
import dev.parley.core.usage.UsageReport;
import dev.parley.core.usage.UsageReportQuery;
import dev.parley.core.usage.UsageReportRow;
import dev.parley.core.usage.UsageTime;
import dev.parley.core.usage.UsageTotals;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reports from the rollups and the raw rows for export (the core's {@link UsageLedger}). A report reads the daily
 * rollups for the whole UTC days of its range and the hourly ones for the hours at either end (or for all of it,
 * by hour), adding up in SQL per table and range, then merging the parts here; so a report over a month reads a
 * few thousand rollup rows, however many requests there were.
 */
public final class UsageReports implements UsageLedger {

    private final Jdbc jdbc;

    public UsageReports(Database database) {
        this.jdbc = new Jdbc(Objects.requireNonNull(database, "database"));
    }

    @Override
    public UsageReport report(UsageReportQuery asked) {
        UsageReportQuery query = asked.hourly();
        Instant since = query.filter().since();
        Instant until = query.filter().until();
        Instant firstDay = UsageTime.ceilDay(since);
        Instant lastDay = UsageTime.floorDay(until);
        List<Part> parts = query.grain() == TimeGrain.HOUR || !firstDay.isBefore(lastDay)
                ? List.of(new Part("usage_hourly", since, until))
                : List.of(new Part("usage_hourly", since, firstDay), new Part("usage_daily", firstDay, lastDay),
                        new Part("usage_hourly", lastDay, until));
        Map<Line, UsageTotals> lines = jdbc.read("reading a usage report", c -> {
            Map<Line, UsageTotals> merged = new LinkedHashMap<>();
            for (Part part : parts) {
                if (part.from.isBefore(part.to)) {
                    read(c, query, part, merged);
                }
            }
            return merged;
        });
        List<UsageReportRow> rows = lines.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Line.ORDER))
                .map(e -> new UsageReportRow(e.getKey().bucket, dimensions(query.groupBy(), e.getKey().values),
                        e.getValue()))
                .toList();
        UsageTotals total = rows.stream().map(UsageReportRow::totals).reduce(UsageTotals.ZERO, UsageTotals::plus);
        return new UsageReport(query, rows, total);
    }

    @Override
    public List<UsageRecord> records(UsageFilter filter, Optional<Cursor> after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        Where where = new Where();
        where.and("started_at >= ? AND started_at < ?", Micros.of(filter.since()), Micros.of(filter.until()));
        filters(where, filter);
        after.ifPresent(cursor -> where.and("(started_at > ? OR (started_at = ? AND request_id > ?))",
                Micros.of(cursor.startedAt()), Micros.of(cursor.startedAt()), UsageRows.text(cursor.requestId())));
        List<Object> parameters = new ArrayList<>(where.parameters());
        parameters.add(limit);
        return jdbc.read("exporting usage rows", c -> Jdbc.list(c, "SELECT " + UsageRows.COLUMNS
                + " FROM usage_records" + where.sql() + " ORDER BY started_at, request_id LIMIT ?", parameters,
                UsageRows::read));
    }

    @Override
    public Optional<UsageRecord> record(String requestId) {
        return jdbc.read("reading a usage row", c -> Jdbc.first(c, "SELECT " + UsageRows.COLUMNS
                + " FROM usage_records WHERE request_id = ?", List.of(UsageRows.text(requestId)), UsageRows::read));
    }

    /** The filters and the reach, on columns both the raw rows and the rollups have. */
    static void filters(Where where, UsageFilter filter) {
        filter.teamId().ifPresent(id -> where.and("team_id = ?", id));
        filter.projectId().ifPresent(id -> where.and("project_id = ?", id));
        filter.memberId().ifPresent(id -> where.and("member_id = ?", id));
        filter.keyId().ifPresent(id -> where.and("key_id = ?", id));
        filter.model().ifPresent(name -> where.and("model = ?", name));
        filter.provider().ifPresent(name -> where.and("provider = ?", name));
        switch (filter.reach()) {
            case UsageReach.Everything everything -> {
                // no narrowing
            }
            case UsageReach.Limited limited -> {
                List<Object> values = new ArrayList<>(limited.teamIds());
                values.add(limited.memberId());
                String teams = limited.teamIds().isEmpty() ? ""
                        : "team_id IN (" + "?, ".repeat(limited.teamIds().size() - 1) + "?) OR ";
                where.and("(" + teams + "member_id = ?)", values.toArray());
            }
        }
    }

    private static void read(Connection c, UsageReportQuery query, Part part, Map<Line, UsageTotals> merged)
            throws SQLException {
        List<String> groups = new ArrayList<>();
        String bucket = switch (query.grain()) {
            case NONE -> "NULL";
            case HOUR -> "bucket_start";
            case DAY -> "bucket_start - ((bucket_start % " + UsageRollups.DAY_MICROS + ") + " + UsageRollups.DAY_MICROS
                    + ") % " + UsageRollups.DAY_MICROS;
        };
        if (query.grain() != TimeGrain.NONE) {
            groups.add(bucket);
        }
        query.groupBy().forEach(d -> groups.add(column(d)));
        StringBuilder select = new StringBuilder("SELECT ").append(bucket).append(" AS bucket");
        query.groupBy().forEach(d -> select.append(", ").append(column(d)));
        for (String measure : UsageRollups.MEASURES.split(", ")) {
            select.append(", sum(").append(measure).append(')');
        }
        Where where = new Where();
        where.and("bucket_start >= ? AND bucket_start < ?", Micros.of(part.from), Micros.of(part.to));
        filters(where, query.filter());
        String sql = select + " FROM " + part.table + where.sql()
                + (groups.isEmpty() ? "" : " GROUP BY " + String.join(", ", groups));
        Jdbc.list(c, sql, where.parameters(), rs -> {
            Optional<Instant> start = query.grain() == TimeGrain.NONE ? Optional.empty()
                    : Optional.of(Micros.instant(rs.getLong(1)));
            List<String> values = new ArrayList<>();
            for (int i = 0; i < query.groupBy().size(); i++) {
                values.add(rs.getString(2 + i));
            }
            UsageTotals totals = totals(rs, 2 + query.groupBy().size());
            if (totals.requests() > 0) {
                merged.merge(new Line(start, List.copyOf(values)), totals, UsageTotals::plus);
            }
            return totals;
        });
    }

    /**
     * The summed measures from column {@code first} on (sums are NUMERIC on PostgreSQL: read as text), in the order
     * of {@link UsageRollups#MEASURES}: nine counts, three costs, then the latency's four sums and its histogram.
     */
    private static UsageTotals totals(ResultSet rs, int first) throws SQLException {
        long[] n = new long[UsageRollups.MEASURE_COUNT];
        for (int i = 0; i < n.length; i++) {
            String sum = i >= 9 && i < 12 ? null : rs.getString(first + i);
            n[i] = sum == null ? 0 : Long.parseLong(sum);
        }
        List<Long> histogram = Arrays.stream(n, 16, n.length).boxed().toList();
        return new UsageTotals(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], units(rs, first + 9),
                units(rs, first + 10), units(rs, first + 11), new UsageLatency(n[12], n[13], n[14], n[15], histogram));
    }

    private static BigDecimal units(ResultSet rs, int column) throws SQLException {
        return UsageRollups.dollars(Optional.ofNullable(rs.getString(column)).orElse("0"));
    }

    private static String column(UsageDimension dimension) {
        return switch (dimension) {
            case TEAM -> "team_id";
            case PROJECT -> "project_id";
            case MEMBER -> "member_id";
            // A configured key has no id: its name stands for it.
            case KEY -> "CASE WHEN key_id = '' THEN key_name ELSE key_id END";
            case MODEL -> "model";
            case PROVIDER -> "provider";
            case UPSTREAM_MODEL -> "upstream_model";
        };
    }

    private static Map<UsageDimension, String> dimensions(List<UsageDimension> groupBy, List<String> values) {
        Map<UsageDimension, String> out = new LinkedHashMap<>();
        for (int i = 0; i < groupBy.size(); i++) {
            out.put(groupBy.get(i), values.get(i));
        }
        return out;
    }

    private record Part(String table, Instant from, Instant to) {
    }

    /** One line of the answer before its totals: bucket and grouped values. */
    private record Line(Optional<Instant> bucket, List<String> values) {
        static final Comparator<Line> ORDER = Comparator
                .comparing((Line l) -> l.bucket.orElse(Instant.MIN))
                .thenComparing(l -> String.join("\u0000", l.values));
    }
}
