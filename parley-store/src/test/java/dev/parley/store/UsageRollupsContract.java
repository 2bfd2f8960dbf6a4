package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.pricing.Cost;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.tenancy.Attribution;
import dev.parley.core.tenancy.Scope;
import dev.parley.core.tenancy.ScopeKind;
import dev.parley.core.usage.AttemptLog;
import dev.parley.core.usage.AttemptOutcome;
import dev.parley.core.usage.TimeGrain;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageDimension;
import dev.parley.core.usage.UsageFilter;
import dev.parley.core.usage.UsageLatency;
import dev.parley.core.usage.UsageLedger;
import dev.parley.core.usage.UsageReach;
import dev.parley.core.usage.UsageRecord;
import dev.parley.core.usage.UsageReport;
import dev.parley.core.usage.UsageReportQuery;
import dev.parley.core.usage.UsageReportRow;
import dev.parley.core.usage.UsageTotals;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rollups are the raw rows added up, exactly, however the rows arrive; reports, exports and retention. */
abstract class UsageRollupsContract extends RealDatabaseTest {

    static final Instant DAY = Instant.parse("2026-03-01T00:00:00Z");
    static final List<UsageDimension> ALL = List.of(UsageDimension.values());
    static final Attribution OTHER = new Attribution(Optional.of("key-9"), Optional.of("member-9"),
            Optional.of("project-9"), Optional.of("team-9"));

    private UsageReports reports;
    private TenancyRepository tenancy;

    @BeforeEach
    void openReports() {
        reports = new UsageReports(database);
        tenancy = new TenancyRepository(database);
    }

    @Test
    void rollupsEqualTheRawRowsAddedUpAfterBatchesRetriesAndDuplicateIds() {
        List<UsageRecord> rows = randomRows(new Random(7), 600);
        List<UsageRecord> kept = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int from = 0; from < rows.size(); from += 150) {
            List<UsageRecord> batch = rows.subList(from, from + 150);
            repository.insertBatch(batch);
            repository.insertBatch(batch); // a retried batch counts once
            batch.stream().filter(r -> seen.add(r.requestId())).forEach(kept::add);
        }
        // A request id again with other figures, and twice in one batch: the first stored version stays.
        UsageRecord again = rows.getFirst().withAttribution(OTHER);
        repository.insertBatch(List.of(again, again, row("fresh", DAY.plusSeconds(5), TestRows.SERVICE, "0.5", 3)));
        kept.add(row("fresh", DAY.plusSeconds(5), TestRows.SERVICE, "0.5", 3));

        UsageFilter everything = UsageFilter.between(DAY.minus(Duration.ofDays(1)), DAY.plus(Duration.ofDays(5)));
        UsageReport hourly = reports.report(new UsageReportQuery(everything, ALL, TimeGrain.HOUR));
        assertThat(lines(hourly)).isEqualTo(expected(kept, ChronoUnit.HOURS));
        UsageReport daily = reports.report(new UsageReportQuery(everything, ALL, TimeGrain.DAY));
        assertThat(lines(daily)).isEqualTo(expected(kept, ChronoUnit.DAYS));
        UsageReport whole = reports.report(new UsageReportQuery(everything, List.of(), TimeGrain.NONE));
        assertThat(whole.rows()).singleElement().extracting(UsageReportRow::totals).isEqualTo(sum(kept));
        assertThat(whole.total()).isEqualTo(sum(kept));
    }

    @Test
    void aReportWithinDaysAddsTheHoursAtEitherEndToTheWholeDays() {
        List<UsageRecord> rows = randomRows(new Random(11), 300);
        repository.insertBatch(rows);
        Instant since = DAY.plus(Duration.ofHours(5));
        Instant until = DAY.plus(Duration.ofDays(2)).plus(Duration.ofHours(7));
        UsageReport report = reports.report(new UsageReportQuery(UsageFilter.between(since, until)
                .team("team-1"), List.of(UsageDimension.PROJECT), TimeGrain.NONE));
        List<UsageRecord> inRange = rows.stream().filter(r -> !r.startedAt().isBefore(since)
                && r.startedAt().isBefore(until) && r.attribution().teamId().equals(Optional.of("team-1"))).toList();
        assertThat(report.total()).isEqualTo(sum(inRange));
        assertThat(report.rows()).extracting(r -> r.dimensions().get(UsageDimension.PROJECT))
                .containsExactly("project-1", "project-2");
    }

    @Test
    void theRangeIsWidenedToWholeHours() {
        repository.insertBatch(List.of(row("a", DAY.plusSeconds(60), TestRows.PERSONAL, "1", 1)));
        UsageReport report = reports.report(new UsageReportQuery(
                UsageFilter.between(DAY.plusSeconds(120), DAY.plusSeconds(180)), List.of(), TimeGrain.NONE));
        assertThat(report.query().filter().since()).isEqualTo(DAY);
        assertThat(report.query().filter().until()).isEqualTo(DAY.plus(Duration.ofHours(1)));
        assertThat(report.total().requests()).isEqualTo(1);
    }

    @Test
    void manySmallCostsAndNegativeMarkupsAddUpExactly() {
        List<UsageRecord> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Cost cost = new Cost(new BigDecimal("0.0000001234"), new BigDecimal("-10"),
                    new BigDecimal("-0.0000000123"), new BigDecimal("0.0000001111"));
            rows.add(row("r" + i, DAY.plusSeconds(i * 97L), TestRows.PERSONAL, "0", 1)
                    .withCost(Optional.of(cost), "v"));
        }
        repository.insertBatch(rows);
        UsageTotals total = reports.report(new UsageReportQuery(UsageFilter.between(DAY, DAY.plus(Duration.ofDays(2))),
                List.of(), TimeGrain.DAY)).total();
        assertThat(total.costBase()).isEqualTo(new BigDecimal("0.0001234000"));
        assertThat(total.costMarkup()).isEqualTo(new BigDecimal("-0.0000123000"));
        assertThat(total.costTotal()).isEqualTo(new BigDecimal("0.0001111000"));
        assertThat(total.pricedRequests()).isEqualTo(1000);
    }

    @Test
    void theMigrationBackfillsTheRollupsFromTheRowsAlreadyStored() throws Exception {
        List<UsageRecord> rows = randomRows(new Random(3), 200);
        rows.add(row("odd-scale", DAY.plusSeconds(9), TestRows.PERSONAL, "0", 1).withCost(Optional.of(new Cost(
                new BigDecimal("12.5"), new BigDecimal("-50"), new BigDecimal("-6.25"), new BigDecimal("6.25"))), "v"));
        repository.insertBatch(rows);
        UsageFilter everything = UsageFilter.between(DAY.minus(Duration.ofDays(1)), DAY.plus(Duration.ofDays(5)));
        UsageReportQuery query = new UsageReportQuery(everything, ALL, TimeGrain.HOUR);
        UsageReportQuery byDay = new UsageReportQuery(everything, ALL, TimeGrain.DAY);
        Map<String, UsageTotals> hourly = lines(reports.report(query));
        Map<String, UsageTotals> daily = lines(reports.report(byDay));
        try (Connection c = testDatabase.sideDoor(); Statement statement = c.createStatement()) {
            statement.executeUpdate("DELETE FROM usage_hourly");
            statement.executeUpdate("DELETE FROM usage_daily");
            assertThat(reports.report(query).rows()).isEmpty();
            for (String sql : migrationStatements()) {
                if (sql.startsWith("INSERT")) {
                    statement.executeUpdate(sql);
                }
            }
        }
        assertThat(withoutLatency(lines(reports.report(query)))).isEqualTo(withoutLatency(hourly));
        assertThat(withoutLatency(lines(reports.report(byDay)))).isEqualTo(withoutLatency(daily));
    }

    @Test
    void retentionDeletesRawRowsAndHoursButKeepsTheDailyRollupsAndWhatBudgetsSpent() {
        List<UsageRecord> rows = randomRows(new Random(5), 400);
        repository.insertBatch(rows);
        Scope team = new Scope(ScopeKind.TEAM, "team-1");
        BigDecimal spentMonth = tenancy.spent(team, DAY);
        BigDecimal spentDay = tenancy.spent(team, DAY.plus(Duration.ofDays(1)));
        UsageFilter everything = UsageFilter.between(DAY.minus(Duration.ofDays(1)), DAY.plus(Duration.ofDays(5)));
        UsageReportQuery byDay = new UsageReportQuery(everything, ALL, TimeGrain.DAY);
        Map<String, UsageTotals> daily = lines(reports.report(byDay));
        assertThat(spentMonth).isPositive();

        UsageRetention retention = new UsageRetention(database);
        long raw = retention.deleteRawBefore(DAY.plus(Duration.ofDays(5)));
        long hours = retention.deleteHourlyBefore(DAY.plus(Duration.ofDays(5)));

        assertThat(raw).isEqualTo(rows.size());
        assertThat(hours).isPositive();
        assertThat(repository.count()).isZero();
        assertThat(reports.report(new UsageReportQuery(everything, ALL, TimeGrain.HOUR)).rows()).isEmpty();
        assertThat(lines(reports.report(byDay))).isEqualTo(daily);
        assertThat(tenancy.spent(team, DAY)).isEqualTo(spentMonth);
        assertThat(tenancy.spent(team, DAY.plus(Duration.ofDays(1)))).isEqualTo(spentDay);
    }

    @Test
    void retentionDeletesOnlyWhatStartedBeforeTheCutoff() {
        repository.insertBatch(List.of(row("old", DAY.minusSeconds(1), TestRows.PERSONAL, "1", 1),
                row("new", DAY, TestRows.PERSONAL, "1", 1)));
        UsageRetention retention = new UsageRetention(database);
        assertThat(retention.deleteRawBefore(DAY)).isEqualTo(1);
        assertThat(retention.deleteHourlyBefore(DAY)).isEqualTo(1);
        assertThat(repository.findByRequestId("new")).isPresent();
        assertThat(reports.report(new UsageReportQuery(UsageFilter.between(DAY, DAY.plus(Duration.ofHours(1))),
                List.of(), TimeGrain.HOUR)).total().requests()).isEqualTo(1);
    }

    @Test
    void anExportReadsEveryMatchingRowOncePageByPageInStartOrder() {
        List<UsageRecord> rows = new ArrayList<>(randomRows(new Random(9), 250));
        // Many in the same microsecond: the request id breaks the tie.
        for (int i = 0; i < 30; i++) {
            rows.add(row("same-" + i, DAY.plusSeconds(3600), TestRows.PERSONAL, "1", 1));
        }
        repository.insertBatch(rows);
        UsageFilter filter = UsageFilter.between(DAY, DAY.plus(Duration.ofDays(2))).team("team-1");
        List<UsageRecord> read = new ArrayList<>();
        Optional<UsageLedger.Cursor> after = Optional.empty();
        while (true) {
            List<UsageRecord> page = reports.records(filter, after, 7);
            if (page.isEmpty()) {
                break;
            }
            read.addAll(page);
            after = Optional.of(UsageLedger.Cursor.of(page.getLast()));
        }
        List<String> expected = rows.stream()
                .filter(r -> r.attribution().teamId().equals(Optional.of("team-1")))
                .filter(r -> !r.startedAt().isBefore(DAY) && r.startedAt().isBefore(DAY.plus(Duration.ofDays(2))))
                .sorted(java.util.Comparator.comparing(UsageRecord::startedAt).thenComparing(UsageRecord::requestId))
                .map(UsageRecord::requestId).toList();
        assertThat(read).extracting(UsageRecord::requestId).containsExactlyElementsOf(expected);
    }

    @Test
    void aLimitedReachSeesItsTeamsAndItsOwnRowsOnly() {
        List<UsageRecord> rows = randomRows(new Random(13), 300);
        repository.insertBatch(rows);
        UsageFilter range = UsageFilter.between(DAY.minus(Duration.ofDays(1)), DAY.plus(Duration.ofDays(5)));
        UsageReach ownOnly = new UsageReach.Limited(Set.of(), "member-9");
        UsageReach teamAndOwn = new UsageReach.Limited(Set.of("team-1"), "member-9");
        assertThat(reports.report(new UsageReportQuery(range.reach(ownOnly), List.of(), TimeGrain.NONE)).total())
                .isEqualTo(sum(rows.stream().filter(r -> r.attribution().memberId().equals(Optional.of("member-9")))
                        .toList()));
        assertThat(reports.report(new UsageReportQuery(range.reach(teamAndOwn), List.of(), TimeGrain.NONE)).total())
                .isEqualTo(sum(rows.stream().filter(r -> r.attribution().memberId().equals(Optional.of("member-9"))
                        || r.attribution().teamId().equals(Optional.of("team-1"))).toList()));
        // A filter narrows the reach, never widens it.
        assertThat(reports.report(new UsageReportQuery(range.reach(ownOnly).team("team-1"), List.of(),
                TimeGrain.NONE)).rows()).isEmpty();
        assertThat(reports.records(range.reach(ownOnly), Optional.empty(), 1000))
                .allMatch(r -> r.attribution().memberId().equals(Optional.of("member-9")));
    }

    // --- Helpers

    private List<String> migrationStatements() throws IOException {
        String folder = testDatabase.kind().name().toLowerCase(Locale.ROOT);
        try (InputStream in = getClass().getResourceAsStream("/db/migration/" + folder + "/V8__usage_rollups.sql")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> statements = new ArrayList<>();
            for (String part : text.split(";\n")) {
                String code = part.lines().filter(l -> !l.startsWith("--")).reduce("", (a, b) -> a + b + "\n").strip();
                if (!code.isEmpty()) {
                    statements.add(code);
                }
            }
            return statements;
        }
    }

    static UsageRecord row(String id, Instant at, Attribution to, String total, long input) {
        BigDecimal cost = new BigDecimal(total).setScale(Cost.SCALE);
        return new UsageRecord(id, at, to.keyId().isPresent() ? "store-key" : "configured", Protocol.OPENAI_CHAT,
                "gpt-4o", Optional.of("openai"), Optional.of("gpt-4o-2024-08-06"), false, 200, Optional.empty(),
                Duration.ofMillis(10), Optional.empty(), TokenUsage.reported(input, 2), 1, List.of(),
                Optional.of(new Cost(cost, BigDecimal.ZERO, BigDecimal.ZERO.setScale(Cost.SCALE), cost)),
                Optional.of("v"), to);
    }

    /** Rows over four days, of every kind of attribution, model, provider, outcome and cost. */
    static List<UsageRecord> randomRows(Random random, int count) {
        List<Attribution> whom = List.of(TestRows.PERSONAL, TestRows.SERVICE, Attribution.NONE, OTHER);
        List<String> models = List.of("gpt-4o", "claude", "gemini");
        List<UsageRecord> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant at = DAY.plus(Duration.ofSeconds(random.nextLong(4 * 86_400L))).plusNanos(random.nextInt(1000) * 1000L);
            String model = models.get(random.nextInt(models.size()));
            Optional<String> provider = random.nextInt(10) == 0 ? Optional.empty()
                    : Optional.of(random.nextBoolean() ? "openai" : "anthropic");
            boolean failed = random.nextInt(5) == 0;
            TokenUsage usage = new TokenUsage(random.nextInt(5000), random.nextInt(900), random.nextInt(300),
                    random.nextInt(200), random.nextInt(100), random.nextInt(4) == 0
                    ? new TokenUsage.Source.Estimated(TokenUsage.EstimateMethod.TOKENIZER) : TokenUsage.Source.REPORTED);
            Optional<Cost> cost = random.nextInt(6) == 0 ? Optional.empty() : Optional.of(cost(random));
            Attribution to = whom.get(random.nextInt(whom.size()));
            // Latencies from a millisecond to past the histogram's last bound; an attempt (the gateway's overhead
            // before it) when a provider was reached.
            Duration latency = Duration.ofNanos(1_000_000L + random.nextLong(700_000_000_000L)).withNanos(
                    random.nextInt(1_000_000) * 1000);
            List<AttemptLog> attempts = provider.map(p -> List.of(new AttemptLog(p, model + "-upstream", 1,
                    Duration.ofNanos(random.nextLong(5_000_000_000L)), latency, AttemptOutcome.OK))).orElse(List.of());
            rows.add(new UsageRecord("req-" + i, at, to.keyId().isPresent() ? "store-key" : "ci-" + random.nextInt(2),
                    Protocol.OPENAI_CHAT, model, provider, provider.map(p -> model + "-upstream"), false,
                    failed ? 502 : 200, failed ? Optional.of("upstream_error") : Optional.empty(), latency,
                    Optional.empty(), usage, attempts.size(), attempts, cost, cost.map(c -> "v"), to));
        }
        return rows;
    }

    private static Cost cost(Random random) {
        BigDecimal base = BigDecimal.valueOf(random.nextLong(1_000_000_000L), Cost.SCALE);
        BigDecimal percent = BigDecimal.valueOf(random.nextInt(41) - 20);
        BigDecimal markup = base.multiply(percent).movePointLeft(2).setScale(Cost.SCALE, java.math.RoundingMode.HALF_EVEN);
        return new Cost(base, percent, markup, base.add(markup));
    }

    static UsageTotals sum(List<UsageRecord> rows) {
        return rows.stream().map(UsageRollupsContract::totals).reduce(UsageTotals.ZERO, UsageTotals::plus);
    }

    private static UsageTotals totals(UsageRecord r) {
        TokenUsage u = r.usage();
        BigDecimal zero = BigDecimal.ZERO.setScale(Cost.SCALE);
        return new UsageTotals(1, r.errorType().isPresent() ? 1 : 0,
                u.source() instanceof TokenUsage.Source.Estimated ? 1 : 0, r.cost().isPresent() ? 1 : 0,
                u.inputTokens(), u.outputTokens(), u.cacheReadTokens(), u.cacheWriteTokens(), u.reasoningTokens(),
                r.cost().map(Cost::base).orElse(zero), r.cost().map(Cost::markup).orElse(zero),
                r.cost().map(Cost::total).orElse(zero), UsageLatency.of(r));
    }

    /** What the rollups must hold: the rows added up in Java by bucket and every dimension. */
    private static Map<String, UsageTotals> expected(List<UsageRecord> rows, ChronoUnit grain) {
        Map<String, UsageTotals> lines = new LinkedHashMap<>();
        for (UsageRecord r : rows) {
            Attribution to = r.attribution();
            String key = r.startedAt().truncatedTo(grain) + "|" + String.join("|", to.teamId().orElse(""),
                    to.projectId().orElse(""), to.memberId().orElse(""), to.keyId().orElse(r.keyName()), r.model(),
                    r.provider().orElse(""), r.upstreamModel().orElse(""));
            lines.merge(key, totals(r), UsageTotals::plus);
        }
        return normalized(lines);
    }

    private static Map<String, UsageTotals> lines(UsageReport report) {
        Map<String, UsageTotals> lines = new LinkedHashMap<>();
        for (UsageReportRow row : report.rows()) {
            String key = row.bucket().map(Instant::toString).orElse("") + "|"
                    + String.join("|", row.dimensions().values());
            assertThat(lines.put(key, row.totals())).as("one line per bucket and dimensions").isNull();
        }
        return normalized(lines);
    }

    /** Compared as a sorted map, costs by value at 10 places. */
    private static Map<String, UsageTotals> normalized(Map<String, UsageTotals> lines) {
        Map<String, UsageTotals> sorted = new java.util.TreeMap<>();
        lines.forEach((k, t) -> sorted.put(k, new UsageTotals(t.requests(), t.errorRequests(), t.estimatedRequests(),
                t.pricedRequests(), t.inputTokens(), t.outputTokens(), t.cacheReadTokens(), t.cacheWriteTokens(),
                t.reasoningTokens(), t.costBase().setScale(Cost.SCALE), t.costMarkup().setScale(Cost.SCALE),
                t.costTotal().setScale(Cost.SCALE), t.latency())));
        return sorted;
    }

    /** The same lines without their latency, which V8's backfill (older than the latency columns) leaves out. */
    private static Map<String, UsageTotals> withoutLatency(Map<String, UsageTotals> lines) {
        Map<String, UsageTotals> out = new java.util.TreeMap<>();
        lines.forEach((k, t) -> out.put(k, new UsageTotals(t.requests(), t.errorRequests(), t.estimatedRequests(),
                t.pricedRequests(), t.inputTokens(), t.outputTokens(), t.cacheReadTokens(), t.cacheWriteTokens(),
                t.reasoningTokens(), t.costBase(), t.costMarkup(), t.costTotal(), UsageLatency.ZERO)));
        return out;
    }
}
