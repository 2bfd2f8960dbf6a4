package dev.parley.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The day partitions of {@code usage_records} on PostgreSQL (migration V11): {@code usage_records_pYYYYMMDD} holds
 * the rows that started on that UTC day, {@code usage_records_default} any row whose day has none yet. On SQLite
 * there are none, and every method does nothing.
 *
 * <p>Days are made ahead ({@link #prepare}: today and the next {@link #AHEAD} days) and before an insert into a day
 * this process has not seen ({@link #ensure}), each in a short transaction of its own under an advisory lock, so that
 * replicas never race to make the same one. Making a day waits at most {@link #LOCK_TIMEOUT} for the table's lock
 * (a long report holds it): when that fails, the rows go to the default partition all the same, and are moved to
 * their day when it is made later. An insert therefore never fails for lack of a partition.
 */
final class UsagePartitions {

    private static final Logger log = LoggerFactory.getLogger(UsagePartitions.class);

    static final long DAY_MICROS = 86_400_000_000L;
    /** Days made ahead of today. */
    static final int AHEAD = 2;
    static final String LOCK_TIMEOUT = "2s";
    static final String DEFAULT_PARTITION = "usage_records_default";
    /** The advisory lock that serializes partition changes across processes ("parley_p"). */
    private static final long LOCK_KEY = 0x7061726c65795f70L;
    private static final Pattern NAME = Pattern.compile("usage_records_p(\\d{8})");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final Database database;
    private final Jdbc jdbc;
    /** Days known to have their partition; a day dropped by retention elsewhere only costs a row in the default. */
    private final Set<Long> known = ConcurrentHashMap.newKeySet();

    UsagePartitions(Database database) {
        this.database = Objects.requireNonNull(database, "database");
        this.jdbc = new Jdbc(database);
    }

    boolean partitioned() {
        return database.kind() == Database.Kind.POSTGRESQL;
    }

    /** The UTC day (days since 1970-01-01) of a {@code started_at} in microseconds. */
    static long dayOf(long startedAtMicros) {
        return Math.floorDiv(startedAtMicros, DAY_MICROS);
    }

    static String name(long day) {
        return "usage_records_p" + LocalDate.ofEpochDay(day).format(DAY);
    }

    /**
     * Makes the partitions of today and the next days, and moves the rows that wait in the default partition into
     * partitions of their own days. Failures are logged, never thrown: the default partition takes rows meanwhile.
     */
    void prepare(Instant now) {
        if (!partitioned()) {
            return;
        }
        long today = dayOf(Micros.of(now));
        TreeSet<Long> days = new TreeSet<>();
        for (long d = today; d <= today + AHEAD; d++) {
            days.add(d);
        }
        try {
            days.addAll(jdbc.read("reading the days in the default usage partition", c -> Jdbc.list(c,
                    "SELECT DISTINCT started_at / " + DAY_MICROS + " FROM " + DEFAULT_PARTITION + " WHERE started_at >= 0",
                    List.of(), rs -> rs.getLong(1))));
        } catch (StoreException e) {
            log.warn("Cannot read the default usage partition: {}", e.getMessage());
        }
        days.forEach(this::make);
    }

    /**
     * Makes sure each day of {@code startedAtMicros} has its partition before rows of that day are inserted, and the
     * days after a new one too, so that a replica running past midnight finds the next day already made.
     */
    void ensure(List<Long> startedAtMicros) {
        if (!partitioned()) {
            return;
        }
        long today = dayOf(Micros.of(Instant.now()));
        TreeSet<Long> missing = new TreeSet<>();
        for (long startedAt : startedAtMicros) {
            long day = dayOf(startedAt);
            if (startedAt >= 0 && !known.contains(day)) {
                // Only a current day brings the next ones: a late or replayed row of an old day makes its day alone.
                for (long ahead = day; ahead <= (day >= today ? day + AHEAD : day); ahead++) {
                    missing.add(ahead);
                }
            }
        }
        missing.removeIf(known::contains);
        missing.forEach(this::make);
    }

    /** The days that have a partition, oldest first. */
    List<Long> days() {
        if (!partitioned()) {
            return List.of();
        }
        return jdbc.read("listing the usage partitions", c -> {
            List<Long> days = new ArrayList<>();
            for (String table : Jdbc.list(c, "SELECT child.relname FROM pg_inherits"
                    + " JOIN pg_class child ON child.oid = pg_inherits.inhrelid"
                    + " WHERE pg_inherits.inhparent = 'usage_records'::regclass", List.of(), rs -> rs.getString(1))) {
                Matcher m = NAME.matcher(table);
                if (m.matches()) {
                    days.add(LocalDate.parse(m.group(1), DAY).toEpochDay());
                }
            }
            days.sort(null);
            return days;
        });
    }

    /**
     * Drops the partitions of the days that ended at or before {@code cutoff}, each in its own transaction; answers how
     * many rows they held. Rows of the cutoff's own day stay, for a DELETE to trim.
     */
    long dropBefore(Instant cutoff) {
        if (!partitioned()) {
            return 0;
        }
        long lastWhole = dayOf(Micros.of(cutoff)) - 1;
        long rows = 0;
        for (long day : days()) {
            if (day > lastWhole) {
                break;
            }
            rows += jdbc.transaction("dropping usage partition " + name(day), c -> {
                lock(c);
                long held = Jdbc.count(c, "SELECT count(*) FROM " + name(day), List.of());
                Jdbc.update(c, "DROP TABLE " + name(day), List.of());
                return held;
            });
            known.remove(day);
        }
        return rows;
    }

    private void make(long day) {
        try {
            jdbc.transaction("making usage partition " + name(day), c -> {
                lock(c);
                if (!Jdbc.exists(c, "SELECT 1 WHERE to_regclass(?) IS NOT NULL", List.of(name(day)))) {
                    create(c, day);
                }
                return null;
            });
            known.add(day);
        } catch (StoreException e) {
            log.warn("Usage partition {} is not made yet (its rows go to {} meanwhile): {}", name(day),
                    DEFAULT_PARTITION, e.getMessage());
        }
    }

    /**
     * Makes the day's partition. Rows of that day already in the default partition are moved into the new table
     * before it is attached, since PostgreSQL refuses a partition whose rows the default one holds.
     */
    private static void create(Connection c, long day) throws SQLException {
        String table = name(day);
        long from = day * DAY_MICROS;
        long to = from + DAY_MICROS;
        String range = " FOR VALUES FROM (" + from + ") TO (" + to + ")";
        boolean waiting = Jdbc.exists(c, "SELECT 1 FROM " + DEFAULT_PARTITION + " WHERE started_at >= ? AND started_at < ?"
                + " LIMIT 1", List.of(from, to));
        if (!waiting) {
            Jdbc.update(c, "CREATE TABLE " + table + " PARTITION OF usage_records" + range, List.of());
            return;
        }
        Jdbc.update(c, "CREATE TABLE " + table + " (LIKE usage_records INCLUDING DEFAULTS INCLUDING CONSTRAINTS)",
                List.of());
        int moved = Jdbc.update(c, "WITH moved AS (DELETE FROM " + DEFAULT_PARTITION
                + " WHERE started_at >= ? AND started_at < ? RETURNING *) INSERT INTO " + table + " SELECT * FROM moved",
                List.of(from, to));
        Jdbc.update(c, "ALTER TABLE usage_records ATTACH PARTITION " + table + range, List.of());
        log.info("Usage partition {} made with {} row(s) moved from {}", table, moved, DEFAULT_PARTITION);
    }

    private static void lock(Connection c) throws SQLException {
        Jdbc.update(c, "SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'", List.of());
        Jdbc.first(c, "SELECT pg_advisory_xact_lock(?)", List.of(LOCK_KEY), rs -> true);
    }
}
