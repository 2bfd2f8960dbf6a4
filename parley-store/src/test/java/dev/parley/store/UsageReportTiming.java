package dev.parley.store;

import dev.parley.core.pricing.Cost;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.tenancy.Attribution;
import dev.parley.core.usage.TimeGrain;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageDimension;
import dev.parley.core.usage.UsageFilter;
import dev.parley.core.usage.UsageRecord;
import dev.parley.core.usage.UsageReportQuery;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Not a test (its name does not end in Test, so the build never runs it): measures a report over about a million
 * ledger rows in SQLite, from the rollups and as a GROUP BY over the raw rows. Run on purpose with
 * {@code ./mvnw -B -o -pl parley-store -am test -Dtest=UsageReportTiming -Dsurefire.failIfNoSpecifiedTests=false
 * -Dparley.timing.rows=1000000}.
 */
class UsageReportTiming {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final int DAYS = 90;

    @Test
    void measure() throws Exception {
        int rows = Integer.getInteger("parley.timing.rows", 1_000_000);
        Path folder = Files.createTempDirectory("parley-timing-");
        try (Database database = Database.open("sqlite:" + folder.resolve("parley.db"))) {
            UsageRepository repository = new UsageRepository(database);
            Random random = new Random(1);
            long insertStarted = System.nanoTime();
            for (int from = 0; from < rows; from += 1000) {
                List<UsageRecord> batch = new ArrayList<>(1000);
                for (int i = from; i < Math.min(rows, from + 1000); i++) {
                    batch.add(row(random, i));
                }
                repository.insertBatch(batch);
            }
            double insertSeconds = (System.nanoTime() - insertStarted) / 1e9;
            long hourly;
            long daily;
            try (Connection c = database.connection()) {
                hourly = count(c, "usage_hourly");
                daily = count(c, "usage_daily");
            }
            System.out.printf("rows %d inserted in %.1f s with rollups (%.0f rows/s); rollup rows: hourly %d, daily %d%n",
                    rows, insertSeconds, rows / insertSeconds, hourly, daily);

            UsageReports reports = new UsageReports(database);
            Instant until = START.plus(Duration.ofDays(DAYS));
            Instant since = until.minus(Duration.ofDays(30));
            UsageReportQuery byProject = new UsageReportQuery(UsageFilter.between(since, until),
                    List.of(UsageDimension.PROJECT), TimeGrain.NONE);
            UsageReportQuery byProjectModelDay = new UsageReportQuery(UsageFilter.between(since, until),
                    List.of(UsageDimension.PROJECT, UsageDimension.MODEL), TimeGrain.DAY);
            UsageReportQuery wholeByTeam = new UsageReportQuery(UsageFilter.between(START, until),
                    List.of(UsageDimension.TEAM), TimeGrain.NONE);
            report("30 days by project, rollups", () -> reports.report(byProject).rows().size());
            report("30 days by project, raw GROUP BY", () -> raw(database, "project_id", since, until, false));
            report("30 days by project+model+day, rollups", () -> reports.report(byProjectModelDay).rows().size());
            report("30 days by project+model+day, raw GROUP BY", () -> raw(database, "project_id, model", since,
                    until, true));
            report("90 days by team, rollups", () -> reports.report(wholeByTeam).rows().size());
            report("90 days by team, raw GROUP BY", () -> raw(database, "team_id", START, until, false));
        }
    }

    /**
     * What the rollups add to inserting: {@code parley.timing.rows} rows (100,000 by default) in batches of 1,000,
     * once spread over 90 days (almost every row its own bucket: the worst case) and once within one hour (a live
     * ledger: each batch is the last few seconds' requests).
     */
    @Test
    void insertRates() throws Exception {
        int rows = Integer.getInteger("parley.timing.rows", 100_000);
        for (boolean spread : List.of(true, false)) {
            Path folder = Files.createTempDirectory("parley-timing-");
            try (Database database = Database.open("sqlite:" + folder.resolve("parley.db"))) {
                UsageRepository repository = new UsageRepository(database);
                Random random = new Random(1);
                long started = System.nanoTime();
                for (int from = 0; from < rows; from += 1000) {
                    List<UsageRecord> batch = new ArrayList<>(1000);
                    for (int i = from; i < Math.min(rows, from + 1000); i++) {
                        UsageRecord row = row(random, i);
                        batch.add(spread ? row : withStart(row, START.plusMillis(i * 30L)));
                    }
                    repository.insertBatch(batch);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                long hourly;
                try (Connection c = database.connection()) {
                    hourly = count(c, "usage_hourly");
                }
                System.out.printf("%s: %d rows in %.1f s (%.0f rows/s), %d hourly rollup rows%n",
                        spread ? "spread over 90 days" : "in time order", rows, seconds, rows / seconds, hourly);
            } finally {
                try (var files = Files.walk(folder)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    private static UsageRecord withStart(UsageRecord row, Instant at) {
        return new UsageRecord(row.requestId(), at, row.keyName(), row.protocol(), row.model(), row.provider(),
                row.upstreamModel(), row.stream(), row.status(), row.errorType(), row.latency(), row.timeToFirstToken(),
                row.usage(), row.attempts(), row.attemptLog(), row.cost(), row.priceVersion(), row.attribution());
    }

    private interface Run {
        int run() throws Exception;
    }

    private static void report(String what, Run run) throws Exception {
        run.run(); // warm the page cache and the JIT
        long[] millis = new long[5];
        int lines = 0;
        for (int i = 0; i < millis.length; i++) {
            long started = System.nanoTime();
            lines = run.run();
            millis[i] = (System.nanoTime() - started) / 1_000_000;
        }
        Arrays.sort(millis);
        System.out.printf("%-45s median %5d ms (min %d, max %d), %d lines%n", what, millis[2], millis[0], millis[4],
                lines);
    }

    /** The same figures straight from the raw rows; costs summed as integers of 1e-10, as the rollups hold them. */
    private static int raw(Database database, String columns, Instant since, Instant until, boolean byDay)
            throws Exception {
        String day = byDay ? "started_at - started_at % 86400000000, " : "";
        String sql = "SELECT " + day + columns + ", count(*), count(error_type), sum(input_tokens), sum(output_tokens),"
                + " sum(cache_read_tokens), sum(cache_write_tokens), sum(reasoning_tokens),"
                + " sum(CAST(replace(cost_total, '.', '') AS INTEGER)) FROM usage_records"
                + " WHERE started_at >= ? AND started_at < ? GROUP BY " + day + columns;
        try (Connection c = database.connection(); PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setLong(1, Micros.of(since));
            statement.setLong(2, Micros.of(until));
            int lines = 0;
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    lines++;
                }
            }
            return lines;
        }
    }

    private static long count(Connection c, String table) throws Exception {
        try (PreparedStatement statement = c.prepareStatement("SELECT count(*) FROM " + table);
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** 20 teams, 50 projects, 200 keys, 6 models, spread evenly over 90 days. */
    private static UsageRecord row(Random random, int i) {
        int key = random.nextInt(200);
        int project = key % 50;
        int team = project % 20;
        Attribution to = new Attribution(Optional.of("key_" + key), Optional.of("member_" + key % 120),
                Optional.of("project_" + project), Optional.of("team_" + team));
        String model = "model-" + random.nextInt(6);
        Instant at = START.plus(Duration.ofSeconds(random.nextLong(DAYS * 86_400L)));
        BigDecimal base = BigDecimal.valueOf(random.nextLong(50_000_000L), Cost.SCALE);
        return new UsageRecord("r" + i, at, "key " + key, Protocol.OPENAI_CHAT, model, Optional.of("provider"),
                Optional.of(model + "-upstream"), false, 200, Optional.empty(), Duration.ofMillis(300), Optional.empty(),
                TokenUsage.reported(random.nextInt(4000), random.nextInt(800)), 1, List.of(),
                Optional.of(new Cost(base, BigDecimal.ZERO, BigDecimal.ZERO.setScale(Cost.SCALE), base)),
                Optional.of("v"), to);
    }
}
