package dev.parley.store;

import dev.parley.core.health.ChannelHistory;
import dev.parley.core.health.ChannelWindows;
import dev.parley.core.health.ChannelWindows.Measure;
import dev.parley.core.health.ChannelWindows.Span;
import dev.parley.core.health.ChannelWindows.Tally;
import dev.parley.core.health.ChannelWindows.Target;
import dev.parley.core.routing.ChannelVerdict;
import dev.parley.core.usage.AttemptLog;
import dev.parley.core.usage.UsageRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The channels' attempts by minute and quarter hour ({@code channel_rollups} and {@code channel_latency}, migration
 * V16), the core's {@link ChannelHistory}. Written by {@link LedgerEffects} in the transaction that inserts usage
 * rows, from the attempt logs of exactly the rows it stored, each attempt in the bucket of the moment it ended; read
 * back for the status page's windows, summed in SQL; purged by the usage writer past what the windows read.
 */
public final class ChannelRollups implements ChannelHistory {

    /** A minute: the 5-minute and 1-hour windows read these. */
    static final Duration MINUTE = Duration.ofMinutes(1);
    /** A quarter hour: the 24-hour window reads these. */
    static final Duration QUARTER = Duration.ofMinutes(15);
    /** How long each width is kept: longer than the window that reads it, so that a late purge loses nothing. */
    static final Duration KEEP_MINUTES = Duration.ofHours(2);
    static final Duration KEEP_QUARTERS = Duration.ofHours(25);

    private final Jdbc jdbc;

    public ChannelRollups(Database database) {
        this.jdbc = new Jdbc(Objects.requireNonNull(database, "database"));
    }

    @Override
    public Map<Target, Map<Span, ChannelWindows.Stats>> windows(Instant now) {
        Map<Target, Map<Span, ChannelWindows.Stats>> out = new TreeMap<>(TARGET_ORDER);
        jdbc.read("reading channel rollups", c -> {
            for (Span span : Span.values()) {
                read(c, span, now).forEach((target, tally) ->
                        out.computeIfAbsent(target, t -> new EnumMap<>(Span.class)).put(span, tally.stats()));
            }
            return out;
        });
        // A channel seen in the day has every window, the quiet ones with no attempts.
        ChannelWindows.Stats none = new Tally().stats();
        out.values().forEach(spans -> List.of(Span.values()).forEach(span -> spans.putIfAbsent(span, none)));
        return out;
    }

    /** Deletes the buckets older than each width is kept at {@code now}; answers how many rows went. */
    public long purge(Instant now) {
        return jdbc.transaction("purging channel rollups", c -> {
            long deleted = 0;
            for (String table : List.of("channel_rollups", "channel_latency")) {
                deleted += Jdbc.update(c, "DELETE FROM " + table + " WHERE width_seconds = ? AND bucket_start < ?",
                        List.of(MINUTE.toSeconds(), Micros.of(now.minus(KEEP_MINUTES))));
                deleted += Jdbc.update(c, "DELETE FROM " + table + " WHERE width_seconds = ? AND bucket_start < ?",
                        List.of(QUARTER.toSeconds(), Micros.of(now.minus(KEEP_QUARTERS))));
            }
            return deleted;
        });
    }

    /** Adds the attempts of {@code inserted}, rows just stored, to the rollups, in the inserting transaction. */
    static void add(Connection connection, List<UsageRecord> inserted) throws SQLException {
        Map<Bucket, Tally> minutes = new HashMap<>();
        for (UsageRecord row : inserted) {
            for (AttemptLog attempt : row.attemptLog()) {
                long ended = Micros.of(row.startedAt().plus(attempt.startedAfter()).plus(attempt.duration()));
                minutes.computeIfAbsent(Bucket.of(MINUTE, ended, attempt), b -> new Tally())
                        .add(ChannelVerdict.windowResult(attempt.outcome()), attempt.duration(), attempt.firstByte());
            }
        }
        if (minutes.isEmpty()) {
            return;
        }
        Map<Bucket, Tally> buckets = new TreeMap<>(Bucket.ORDER);
        buckets.putAll(minutes);
        // A quarter hour's figures are the sums of its minutes' (both are counted from the epoch, so a minute never
        // straddles two quarters): each attempt is added up once instead of once per width.
        minutes.forEach((minute, tally) -> addTo(buckets.computeIfAbsent(minute.widened(QUARTER), b -> new Tally()),
                tally));
        // In one order in every transaction (the TreeMap's), so that replicas updating the same buckets wait for
        // each other instead of deadlocking.
        try (PreparedStatement counts = connection.prepareStatement("INSERT INTO channel_rollups (width_seconds,"
                + " bucket_start, provider, upstream_model, attempts, successes, failures, rate_limited)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (width_seconds, bucket_start, provider, upstream_model)"
                + " DO UPDATE SET attempts = channel_rollups.attempts + excluded.attempts,"
                + " successes = channel_rollups.successes + excluded.successes,"
                + " failures = channel_rollups.failures + excluded.failures,"
                + " rate_limited = channel_rollups.rate_limited + excluded.rate_limited");
                PreparedStatement samples = connection.prepareStatement("INSERT INTO channel_latency (width_seconds,"
                        + " bucket_start, provider, upstream_model, measure, slot, samples) VALUES (?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (width_seconds, bucket_start, provider, upstream_model, measure, slot)"
                        + " DO UPDATE SET samples = channel_latency.samples + excluded.samples")) {
            for (Map.Entry<Bucket, Tally> entry : buckets.entrySet()) {
                Bucket bucket = entry.getKey();
                Tally tally = entry.getValue();
                bucket.bind(counts);
                counts.setLong(5, tally.attempts());
                counts.setLong(6, tally.successes());
                counts.setLong(7, tally.failures());
                counts.setLong(8, tally.rateLimited());
                counts.addBatch();
                for (Measure measure : Measure.values()) {
                    List<long[]> slots = new ArrayList<>();
                    tally.forEachSlot(measure, (slot, n) -> slots.add(new long[] {slot, n}));
                    for (long[] slot : slots) {
                        bucket.bind(samples);
                        samples.setString(5, measureName(measure));
                        samples.setInt(6, (int) slot[0]);
                        samples.setLong(7, slot[1]);
                        samples.addBatch();
                    }
                }
            }
            counts.executeBatch();
            samples.executeBatch();
        }
    }

    private static void addTo(Tally sum, Tally part) {
        sum.addCounts(part.attempts(), part.successes(), part.failures(), part.rateLimited());
        for (Measure measure : Measure.values()) {
            part.forEachSlot(measure, (slot, n) -> sum.addSamples(measure, slot, n));
        }
    }

    /** One span's figures per channel: the buckets of its width from the one holding {@code now} back. */
    private static Map<Target, Tally> read(Connection c, Span span, Instant now) throws SQLException {
        Duration width = span.length().compareTo(Duration.ofHours(1)) <= 0 ? MINUTE : QUARTER;
        long widthMicros = Micros.of(width);
        long newest = UsageRollups.bucket(Micros.of(now), widthMicros);
        long oldest = newest - (span.length().dividedBy(width) - 1) * widthMicros;
        List<Object> range = List.of(width.toSeconds(), oldest, newest);
        String where = " WHERE width_seconds = ? AND bucket_start >= ? AND bucket_start <= ?";
        Map<Target, Tally> tallies = new HashMap<>();
        Jdbc.list(c, "SELECT provider, upstream_model, sum(attempts), sum(successes), sum(failures),"
                + " sum(rate_limited) FROM channel_rollups" + where + " GROUP BY provider, upstream_model", range, rs -> {
                    tallies.computeIfAbsent(new Target(rs.getString(1), rs.getString(2)), t -> new Tally())
                            .addCounts(rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
                    return true;
                });
        Jdbc.list(c, "SELECT provider, upstream_model, measure, slot, sum(samples) FROM channel_latency" + where
                + " GROUP BY provider, upstream_model, measure, slot", range, rs -> {
                    tallies.computeIfAbsent(new Target(rs.getString(1), rs.getString(2)), t -> new Tally())
                            .addSamples(measure(rs.getString(3)), rs.getInt(4), rs.getLong(5));
                    return true;
                });
        return tallies;
    }

    private static String measureName(Measure measure) {
        return measure.name().toLowerCase(Locale.ROOT);
    }

    private static Measure measure(String name) {
        return Measure.valueOf(name.toUpperCase(Locale.ROOT));
    }

    private static final Comparator<Target> TARGET_ORDER = Comparator.comparing(Target::provider)
            .thenComparing(Target::upstreamModel);

    /** One channel's bucket of one width. */
    private record Bucket(long widthSeconds, long start, String provider, String upstreamModel) {

        static final Comparator<Bucket> ORDER = Comparator.comparingLong(Bucket::widthSeconds)
                .thenComparingLong(Bucket::start).thenComparing(Bucket::provider)
                .thenComparing(Bucket::upstreamModel);

        static Bucket of(Duration width, long endedMicros, AttemptLog attempt) {
            return new Bucket(width.toSeconds(), UsageRollups.bucket(endedMicros, Micros.of(width)),
                    UsageRows.text(attempt.provider()), UsageRows.text(attempt.upstreamModel()));
        }

        /** The bucket of {@code width} that holds this one, for the same channel. */
        Bucket widened(Duration width) {
            return new Bucket(width.toSeconds(), UsageRollups.bucket(start, Micros.of(width)), provider, upstreamModel);
        }

        void bind(PreparedStatement statement) throws SQLException {
            statement.setLong(1, widthSeconds);
            statement.setLong(2, start);
            statement.setString(3, provider);
            statement.setString(4, upstreamModel);
        }
    }
}
