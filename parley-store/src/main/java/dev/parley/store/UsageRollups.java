package dev.parley.store;

import dev.parley.core.pricing.Cost;
import dev.parley.core.tenancy.Attribution;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageLatency;
import dev.parley.core.usage.UsageRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The hourly and daily rollups of the ledger ({@code usage_hourly}, {@code usage_daily}, migration V8), kept up to
 * date as rows are inserted: the rows of a batch are added up per bucket here, then each bucket is one upsert that
 * adds its figures to what the table holds. Costs are integers of 1e-10 dollars ({@link #units}), so sums are exact
 * on both databases.
 */
final class UsageRollups {

    static final long HOUR_MICROS = 3_600_000_000L;
    static final long DAY_MICROS = 24 * HOUR_MICROS;

    /** The latency histogram's columns (migration V17), one per bucket of {@link UsageLatency#BUCKETS}. */
    static final List<String> LATENCY_BUCKETS = IntStream.range(0, UsageLatency.BUCKETS.count())
            .mapToObj(i -> String.format(Locale.ROOT, "latency_b%02d", i)).toList();

    /** The measure columns, in the order {@link Totals#bind} binds them. */
    static final String MEASURES = "requests, error_requests, estimated_requests, priced_requests, input_tokens,"
            + " output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_base_units,"
            + " cost_markup_units, cost_total_units, latency_requests, latency_us, overhead_requests, overhead_us, "
            + String.join(", ", LATENCY_BUCKETS);

    /** How many measure columns there are. */
    static final int MEASURE_COUNT = MEASURES.split(", ").length;

    private static final String DIMENSIONS = "bucket_start, team_id, project_id, member_id, key_id, key_name, model,"
            + " provider, upstream_model";

    private UsageRollups() {}

    /** Adds {@code inserted}, rows just stored, to the rollups, in the inserting transaction. */
    static void add(Connection connection, Database.Kind kind, List<UsageRecord> inserted) throws SQLException {
        Map<Bucket, Totals> hours = aggregate(inserted, HOUR_MICROS);
        upsert(connection, "usage_hourly", hours);
        upsert(connection, "usage_daily", days(hours));
    }

    /** A cost in integer units of 1e-10 dollars; exact, since the ledger rounds costs to 10 decimals. */
    static long units(BigDecimal dollars) {
        return dollars.setScale(Cost.SCALE, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
    }

    /** Units of 1e-10 dollars back to dollars, with 10 decimals. */
    static BigDecimal dollars(long units) {
        return BigDecimal.valueOf(units, Cost.SCALE);
    }

    /** Units summed by the database (PostgreSQL's sum of BIGINT is NUMERIC) back to dollars, exactly. */
    static BigDecimal dollars(String summedUnits) {
        return new BigDecimal(summedUnits).movePointLeft(Cost.SCALE).setScale(Cost.SCALE, RoundingMode.UNNECESSARY);
    }

    /** The start of the bucket of {@code micros}, buckets being {@code width} long from the epoch. */
    static long bucket(long micros, long width) {
        return micros - Math.floorMod(micros, width);
    }

    private static Map<Bucket, Totals> aggregate(List<UsageRecord> rows, long width) {
        Map<Bucket, Totals> buckets = new LinkedHashMap<>();
        for (UsageRecord row : rows) {
            buckets.computeIfAbsent(Bucket.of(row, width), b -> new Totals()).add(row);
        }
        return buckets;
    }

    /**
     * The day buckets, from the hour buckets: an hour never straddles two days (both are counted from the epoch), so
     * a day's figures are the sums of its hours', and each row is added up once instead of once per table.
     */
    private static Map<Bucket, Totals> days(Map<Bucket, Totals> hours) {
        Map<Bucket, Totals> days = new LinkedHashMap<>();
        hours.forEach((hour, totals) -> days.computeIfAbsent(hour.startingAt(bucket(hour.start(), DAY_MICROS)),
                b -> new Totals()).add(totals));
        return days;
    }

    private static void upsert(Connection connection, String table, Map<Bucket, Totals> buckets) throws SQLException {
        StringBuilder updates = new StringBuilder();
        for (String measure : MEASURES.split(", ")) {
            updates.append(updates.isEmpty() ? "" : ", ").append(measure).append(" = ").append(table).append('.')
                    .append(measure).append(" + excluded.").append(measure);
        }
        String sql = "INSERT INTO " + table + " (" + DIMENSIONS + ", " + MEASURES + ") VALUES ("
                + "?, ".repeat(8 + MEASURE_COUNT) + "?) ON CONFLICT (" + DIMENSIONS + ") DO UPDATE SET " + updates;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            // In one order in every transaction, so that two writers (replicas) updating the same buckets wait for
            // each other instead of deadlocking.
            for (Map.Entry<Bucket, Totals> entry : buckets.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(Bucket.ORDER)).toList()) {
                entry.getKey().bind(statement);
                entry.getValue().bind(statement, 9);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** A bucket's dimensions; '' where the row has none, as the tables store them. */
    private record Bucket(long start, String teamId, String projectId, String memberId, String keyId, String keyName,
                          String model, String provider, String upstreamModel) {

        static final Comparator<Bucket> ORDER = Comparator.comparingLong(Bucket::start)
                .thenComparing(Bucket::teamId).thenComparing(Bucket::projectId).thenComparing(Bucket::memberId)
                .thenComparing(Bucket::keyId).thenComparing(Bucket::keyName).thenComparing(Bucket::model)
                .thenComparing(Bucket::provider).thenComparing(Bucket::upstreamModel);

        static Bucket of(UsageRecord row, long width) {
            Attribution to = row.attribution();
            return new Bucket(bucket(Micros.of(row.startedAt()), width), text(to.teamId()), text(to.projectId()),
                    text(to.memberId()), text(to.keyId()), UsageRows.text(row.keyName()), UsageRows.text(row.model()),
                    text(row.provider()), text(row.upstreamModel()));
        }

        Bucket startingAt(long dayStart) {
            return new Bucket(dayStart, teamId, projectId, memberId, keyId, keyName, model, provider, upstreamModel);
        }

        private static String text(Optional<String> value) {
            return value.map(UsageRows::text).orElse("");
        }

        void bind(PreparedStatement statement) throws SQLException {
            statement.setLong(1, start);
            String[] texts = {teamId, projectId, memberId, keyId, keyName, model, provider, upstreamModel};
            for (int i = 0; i < texts.length; i++) {
                statement.setString(2 + i, texts[i]);
            }
        }
    }

    /** The measures of one bucket, added up row by row. */
    private static final class Totals {
        private final long[] values = new long[MEASURE_COUNT];

        void add(UsageRecord row) {
            TokenUsage usage = row.usage();
            values[0]++;
            values[1] += row.errorType().isPresent() ? 1 : 0;
            values[2] += usage.source() instanceof TokenUsage.Source.Estimated ? 1 : 0;
            values[3] += row.cost().isPresent() ? 1 : 0;
            values[4] = Math.addExact(values[4], usage.inputTokens());
            values[5] = Math.addExact(values[5], usage.outputTokens());
            values[6] = Math.addExact(values[6], usage.cacheReadTokens());
            values[7] = Math.addExact(values[7], usage.cacheWriteTokens());
            values[8] = Math.addExact(values[8], usage.reasoningTokens());
            row.cost().ifPresent(cost -> {
                values[9] = Math.addExact(values[9], units(cost.base()));
                values[10] = Math.addExact(values[10], units(cost.markup()));
                values[11] = Math.addExact(values[11], units(cost.total()));
            });
            values[12]++;
            values[13] = Math.addExact(values[13], UsageLatency.micros(row.latency()));
            UsageLatency.overhead(row).ifPresent(overhead -> {
                values[14]++;
                values[15] = Math.addExact(values[15], UsageLatency.micros(overhead));
            });
            values[16 + UsageLatency.BUCKETS.slotOf(row.latency())]++;
        }

        void add(Totals other) {
            for (int i = 0; i < values.length; i++) {
                values[i] = Math.addExact(values[i], other.values[i]);
            }
        }

        /** Binds the measures after the first {@code base} placeholders. */
        void bind(PreparedStatement statement, int base) throws SQLException {
            for (int i = 0; i < values.length; i++) {
                statement.setLong(base + i + 1, values[i]);
            }
        }
    }
}
