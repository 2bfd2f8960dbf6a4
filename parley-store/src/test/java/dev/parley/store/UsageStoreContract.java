package dev.parley.store;

import static dev.parley.store.TestRows.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.pricing.Cost;
import dev.parley.core.tenancy.Attribution;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageRecord;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the database and the repository promise, checked on each kind of database. */
abstract class UsageStoreContract extends RealDatabaseTest {

    @Test
    void migrationsCreateTheLedgerOnAFreshDatabase() throws SQLException {
        assertThat(database.kind()).isEqualTo(testDatabase.kind());
        assertThat(repository.count()).isZero();
        assertThat(columnsOfUsageRecords()).containsExactly(
                "request_id", "started_at", "key_name", "protocol", "model", "provider", "upstream_model",
                "stream", "status", "error_type", "latency_us", "ttft_us", "input_tokens", "output_tokens",
                "cache_read_tokens", "cache_write_tokens", "reasoning_tokens", "usage_source", "attempts",
                "attempt_log", "cache_write_5m_tokens", "cache_write_1h_tokens", "audio_input_tokens",
                "image_input_tokens", "audio_output_tokens", "image_output_tokens", "estimate_method", "raw_usage",
                "cost_base", "cost_markup", "cost_total", "markup_percent", "price_version", "key_id", "member_id",
                "project_id", "team_id");
        assertThat(testDatabase.indexNames()).contains(
                "usage_records_started_at_idx",
                "usage_records_key_started_at_idx",
                "usage_records_model_started_at_idx",
                "usage_records_team_started_at_idx",
                "usage_records_project_started_at_idx",
                "usage_records_member_started_at_idx",
                "usage_records_key_id_started_at_idx");
        assertThat(appliedMigrations()).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "16", "17", "18");
    }

    @Test
    void reopeningMigratesNothingTwiceAndKeepsTheRows() throws SQLException {
        repository.insertBatch(List.of(TestRows.row("kept")));
        database.close();

        database = Database.open(testDatabase.url());
        repository = new UsageRepository(database);

        assertThat(appliedMigrations()).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "16", "17", "18");
        assertThat(repository.findByRequestId("kept")).contains(TestRows.row("kept"));
    }

    @Test
    void aRowRoundTripsFieldByField() {
        UsageRecord full = TestRows.full("full");

        repository.insertBatch(List.of(full));

        assertThat(repository.findByRequestId("full")).get().usingRecursiveComparison().isEqualTo(full);
    }

    @Test
    void everyAttemptOfARequestIsListedInItsRow() {
        UsageRecord full = TestRows.full("tried-hard");

        repository.insertBatch(List.of(full, TestRows.bare("never-sent")));

        assertThat(repository.findByRequestId("tried-hard").orElseThrow().attemptLog())
                .isEqualTo(TestRows.attempts()).hasSize(7);
        assertThat(repository.findByRequestId("never-sent").orElseThrow().attemptLog()).isEmpty();
    }

    @Test
    void anEstimateKeepsItsMethodAndAReportedUsageItsRawObject() throws SQLException {
        UsageRecord full = TestRows.full("detail");
        UsageRecord tokenizer = TestRows.full("tokenizer");
        tokenizer = new UsageRecord(tokenizer.requestId(), tokenizer.startedAt(), tokenizer.keyName(),
                tokenizer.protocol(), tokenizer.model(), tokenizer.provider(), tokenizer.upstreamModel(),
                tokenizer.stream(), tokenizer.status(), tokenizer.errorType(), tokenizer.latency(),
                tokenizer.timeToFirstToken(), new TokenUsage(3, 4, 0, 0, 0, TokenUsage.Source.TOKENIZER),
                tokenizer.attempts(), tokenizer.attemptLog());

        repository.insertBatch(List.of(full, tokenizer));

        assertThat(repository.findByRequestId("tokenizer")).get().usingRecursiveComparison().isEqualTo(tokenizer);
        try (Connection c = testDatabase.sideDoor();
                Statement statement = c.createStatement();
                ResultSet rs = statement.executeQuery("SELECT request_id, usage_source, estimate_method, raw_usage,"
                        + " cache_write_5m_tokens, image_output_tokens FROM usage_records ORDER BY request_id")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("detail");
            assertThat(rs.getString(2)).isEqualTo("estimated");
            assertThat(rs.getString(3)).isEqualTo("partial");
            assertThat(rs.getString(4)).isEqualTo(full.usage().raw().orElseThrow());
            assertThat(rs.getLong(5)).isEqualTo(40);
            assertThat(rs.getLong(6)).isEqualTo(9);
            rs.next();
            assertThat(rs.getString(3)).isEqualTo("tokenizer");
            assertThat(rs.getString(4)).isNull();
        }
    }

    @Test
    void aCostComesBackDigitForDigitAndIsStoredAsAnExactDecimal() throws SQLException {
        UsageRecord full = TestRows.full("priced");
        // The largest a rollup bucket holds is 922,337,203.6854775807 dollars (a BIGINT of 1e-10 dollars).
        Cost large = new Cost(new BigDecimal("123456789.1234567891"), new BigDecimal("-33.3333"),
                new BigDecimal("-41152222.1185185185"), new BigDecimal("82304567.0049382706"));
        UsageRecord dear = TestRows.row("dear").withCost(Optional.of(large), "fedcba9876543210");
        UsageRecord free = TestRows.row("free").withCost(Optional.of(Cost.ZERO), "fedcba9876543210");
        UsageRecord unpriced = TestRows.row("unpriced").withCost(Optional.empty(), "fedcba9876543210");

        repository.insertBatch(List.of(full, dear, free, unpriced));

        for (UsageRecord row : List.of(full, dear, free, unpriced)) {
            // equals on BigDecimal compares the scale too: 0.0100000000 is not 0.01.
            assertThat(repository.findByRequestId(row.requestId()).orElseThrow().cost())
                    .as(row.requestId()).isEqualTo(row.cost());
        }
        assertThat(repository.findByRequestId("free").orElseThrow().cost().orElseThrow().total().scale())
                .isEqualTo(Cost.SCALE);
        assertThat(repository.findByRequestId("unpriced").orElseThrow().priceVersion()).contains("fedcba9876543210");
        try (Connection c = testDatabase.sideDoor();
                Statement statement = c.createStatement();
                ResultSet rs = statement.executeQuery("SELECT cost_base, cost_markup, cost_total, markup_percent,"
                        + " price_version FROM usage_records ORDER BY request_id")) {
            rs.next();
            assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                    .containsExactly("123456789.1234567891", "-41152222.1185185185",
                            "82304567.0049382706", "-33.3333", "fedcba9876543210");
            rs.next();
            assertThat(rs.getString(3)).isEqualTo("0.0000000000");
            rs.next();
            assertThat(rs.getString(3)).isEqualTo("0.0138888888");
            assertThat(rs.getString(4)).isEqualTo("12.5");
            rs.next();
            assertThat(List.of(Optional.ofNullable(rs.getString(1)), Optional.ofNullable(rs.getString(2)),
                    Optional.ofNullable(rs.getString(3)), Optional.ofNullable(rs.getString(4))))
                    .allMatch(Optional::isEmpty);
        }
    }

    @Test
    void aRowKeepsWhomItIsChargedTo() throws SQLException {
        UsageRecord personal = TestRows.full("personal").withAttribution(TestRows.PERSONAL);
        UsageRecord service = TestRows.row("service").withAttribution(TestRows.SERVICE);
        UsageRecord configured = TestRows.row("configured");

        repository.insertBatch(List.of(personal, service, configured));

        assertThat(repository.findByRequestId("personal")).get().usingRecursiveComparison().isEqualTo(personal);
        assertThat(repository.findByRequestId("service").orElseThrow().attribution()).isEqualTo(TestRows.SERVICE);
        assertThat(repository.findByRequestId("configured").orElseThrow().attribution()).isEqualTo(Attribution.NONE);
        try (Connection c = testDatabase.sideDoor();
                Statement statement = c.createStatement();
                ResultSet rs = statement.executeQuery("SELECT request_id, key_id, member_id, project_id, team_id"
                        + " FROM usage_records ORDER BY request_id")) {
            rs.next();
            assertThat(List.of(rs.getString(1), Optional.ofNullable(rs.getString(2)),
                    Optional.ofNullable(rs.getString(3)), Optional.ofNullable(rs.getString(4)),
                    Optional.ofNullable(rs.getString(5))))
                    .containsExactly("configured", Optional.empty(), Optional.empty(), Optional.empty(),
                            Optional.empty());
            rs.next();
            assertThat(List.of(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                    .containsExactly("key-1", "member-1", "project-1", "team-1");
            rs.next();
            assertThat(rs.getString(3)).isNull();
        }
    }

    @Test
    void emptyOptionalsAreStoredAsNullAndComeBackEmpty() throws SQLException {
        UsageRecord bare = TestRows.bare("bare");

        repository.insertBatch(List.of(bare));

        assertThat(repository.findByRequestId("bare")).get().usingRecursiveComparison().isEqualTo(bare);
        try (Connection c = testDatabase.sideDoor();
                Statement statement = c.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM usage_records WHERE provider IS NULL"
                        + " AND upstream_model IS NULL AND ttft_us IS NULL AND usage_source = 'none'"
                        + " AND estimate_method IS NULL AND raw_usage IS NULL")) {
            rs.next();
            assertThat(rs.getLong(1)).isOne();
        }
    }

    @Test
    void theAttributionIndexesLeaveOutRowsWithoutTheirIdAndStillServeEveryQueryForOne() throws SQLException {
        UsageRecord personal = TestRows.row("personal").withAttribution(TestRows.PERSONAL);
        UsageRecord unattributed = TestRows.row("configured-key");
        repository.insertBatch(List.of(personal, unattributed));

        // Each index is named after its column, less "_id" but for key_id (key_name has its own index); on
        // PostgreSQL each day's partition has its own copy, named after the table and the columns.
        Map<String, String> stems = Map.of("team_id", "team", "project_id", "project", "member_id", "member",
                "key_id", "key_id");
        for (Map.Entry<String, String> entry : stems.entrySet()) {
            String column = entry.getKey();
            String index = "usage_records_" + entry.getValue() + "_started_at_idx";
            assertThat(testDatabase.indexDefinition(index)).as(index)
                    .containsIgnoringCase("WHERE")
                    .containsIgnoringCase(column + " IS NOT NULL");
            // The shapes the reports and the budgets' seeding ask in: one id, or a list of them.
            for (String filter : List.of(column + " = 'x'", column + " IN ('x', 'y')")) {
                String query = "SELECT request_id FROM usage_records WHERE " + filter + " AND started_at >= 0"
                        + " ORDER BY started_at";
                assertThat(String.join("\n", testDatabase.plan(query))).as(query)
                        .containsPattern(Pattern.quote(entry.getValue()) + "(_id)?_started_at_idx");
            }
        }
        assertThat(repository.findByRequestId("configured-key")).contains(unattributed);
        assertThat(repository.findByRequestId("personal")).contains(personal);
    }

    @Test
    void timesAreKeptToTheMicrosecondCuttingTowardsThePast() {
        Instant beforeEpoch = Instant.parse("1969-12-31T23:59:59.999999999Z");
        UsageRecord precise = withTimes(TestRows.row("precise"), beforeEpoch, Duration.ofNanos(1_234_567_891));

        repository.insertBatch(List.of(precise));

        UsageRecord stored = repository.findByRequestId("precise").orElseThrow();
        assertThat(stored.startedAt()).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
        assertThat(stored.latency()).isEqualTo(Duration.ofNanos(1_234_567_000));
    }

    @Test
    void nulCharactersAreReplacedSoThatBothDatabasesStoreTheRow() {
        UsageRecord withNul = TestRows.row("nul\u0000id", T0, "odd\u0000model");

        repository.insertBatch(List.of(withNul));

        UsageRecord stored = repository.findByRequestId("nul\u0000id").orElseThrow();
        assertThat(stored.requestId()).isEqualTo("nul\uFFFDid");
        assertThat(stored.model()).isEqualTo("odd\uFFFDmodel");
    }

    @Test
    void aRequestIdIsStoredOnceHoweverOftenItIsInserted() {
        UsageRecord first = TestRows.row("once", T0, "first-model");
        UsageRecord replay = TestRows.row("once", T0, "second-model");

        repository.insertBatch(List.of(first));
        repository.insertBatch(List.of(first));
        repository.insertBatch(List.of(replay, TestRows.row("other")));
        repository.insertBatch(List.of(TestRows.row("twin"), TestRows.row("twin")));

        assertThat(repository.count()).isEqualTo(3);
        assertThat(repository.findByRequestId("once")).contains(first);
    }

    /**
     * A batch of more rows than PostgreSQL's statements take (SQLite runs a statement per row): a request id again in
     * a later statement, and in the last, is still stored once, as its first row.
     */
    @Test
    void aBatchOfSeveralStatementsStoresEachRequestIdOnceAsItsFirstRow() {
        int size = 2 * UsageRepository.ROWS_PER_STATEMENT + 7;
        List<UsageRecord> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            batch.add(TestRows.row("row-" + i, T0.plusSeconds(i), "gpt-4o"));
        }
        UsageRecord first = batch.get(3);
        // The same request (id and start) again, with other figures, in the second statement and in the last one.
        batch.set(UsageRepository.ROWS_PER_STATEMENT + 1, TestRows.row("row-3", first.startedAt(), "second-model"));
        batch.set(size - 1, TestRows.row("row-3", first.startedAt(), "third-model"));

        repository.insertBatch(batch);
        repository.insertBatch(batch.subList(0, UsageRepository.ROWS_PER_STATEMENT + 2));

        assertThat(repository.count()).isEqualTo(size - 2);
        assertThat(repository.findByRequestId("row-3")).contains(first);
        assertThat(repository.findByRequestId("row-" + (size - 2))).isPresent();
    }

    @Test
    void recentListsTheNewestFirst() {
        List<UsageRecord> rows = new ArrayList<>();
        for (int minute = 0; minute < 5; minute++) {
            rows.add(TestRows.row("minute-" + minute, T0.plusSeconds(60L * minute), "gpt-4o"));
        }
        Collections.shuffle(rows);

        repository.insertBatch(rows);

        assertThat(repository.recent(3)).extracting(UsageRecord::requestId)
                .containsExactly("minute-4", "minute-3", "minute-2");
        assertThat(repository.recent(0)).isEmpty();
    }

    @Test
    void findingAnUnknownRequestIdGivesNothing() {
        repository.insertBatch(List.of(TestRows.row("known")));

        assertThat(repository.findByRequestId("unknown")).isEmpty();
    }

    @Test
    void aRefusedBatchWritesNothingAndItsErrorQuotesNoValues() throws SQLException {
        testDatabase.refusePoisonRows();
        UsageRecord poison = TestRows.row("poison-row-id", T0, TestDatabase.POISON_MODEL);

        assertThatThrownBy(() -> repository.insertBatch(List.of(TestRows.row("good-row-id"), poison)))
                .isInstanceOf(StoreException.Rejected.class)
                .hasMessageContaining("inserting 2 usage row(s) failed")
                .satisfies(e -> assertThat(everyMessageOf(e)).doesNotContain("row-id", "team-a"));
        assertThat(repository.count()).isZero();
    }

    @Test
    void aMissingTableIsUnavailabilityNotRejection() throws SQLException {
        testDatabase.execute("ALTER TABLE usage_records RENAME TO usage_records_offline");

        assertThatThrownBy(
                        () -> repository.insertBatch(List.of(TestRows.row("lost?"))))
                .isInstanceOf(StoreException.Unavailable.class);
    }

    private static UsageRecord withTimes(UsageRecord row, Instant startedAt, Duration latency) {
        return new UsageRecord(row.requestId(), startedAt, row.keyName(), row.protocol(), row.model(),
                row.provider(), row.upstreamModel(), row.stream(), row.status(), row.errorType(), latency,
                row.timeToFirstToken(), row.usage(), row.attempts(), row.attemptLog());
    }

    /** The messages of the whole chain, including the errors a batch hides behind getNextException. */
    private static String everyMessageOf(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t).append('\n');
            for (SQLException next = t instanceof SQLException s ? s.getNextException() : null; next != null;
                    next = next.getNextException()) {
                messages.append(next).append('\n');
            }
        }
        return messages.toString();
    }

    private List<String> columnsOfUsageRecords() throws SQLException {
        try (Connection c = testDatabase.sideDoor();
                Statement statement = c.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM usage_records WHERE 1 = 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
            }
            return columns;
        }
    }

    private List<String> appliedMigrations() throws SQLException {
        try (Connection c = testDatabase.sideDoor();
                Statement statement = c.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")) {
            List<String> versions = new ArrayList<>();
            while (rs.next()) {
                versions.add(Optional.ofNullable(rs.getString(1)).orElse("(none)"));
            }
            return versions;
        }
    }
}
