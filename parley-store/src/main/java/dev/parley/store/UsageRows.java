package dev.parley.store;

import dev.parley.core.pricing.Cost;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.tenancy.Attribution;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageRecord;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Maps {@link UsageRecord}s to and from {@code usage_records} columns, identically on both databases.
 *
 * <p>Times are kept at microsecond precision (finer digits are cut, towards the past). Text loses one thing:
 * NUL characters become U+FFFD, because PostgreSQL text cannot hold NUL and a row it refuses would be lost.
 */
final class UsageRows {

    /** Column order shared by the INSERT placeholders and every SELECT. */
    static final String COLUMNS = "request_id, started_at, key_name, protocol, model, provider, upstream_model,"
            + " stream, status, error_type, latency_us, ttft_us, input_tokens, output_tokens, cache_read_tokens,"
            + " cache_write_tokens, reasoning_tokens, usage_source, attempts, attempt_log, cache_write_5m_tokens,"
            + " cache_write_1h_tokens, audio_input_tokens, image_input_tokens, audio_output_tokens, image_output_tokens,"
            + " estimate_method, raw_usage, cost_base, cost_markup, cost_total, markup_percent, price_version,"
            + " key_id, member_id, project_id, team_id";

    /** How many columns {@link #COLUMNS} names: the placeholders one row takes. */
    static final int COLUMN_COUNT = COLUMNS.split(",").length;

    /** One placeholder per column of {@link #COLUMNS}. */
    static final String PLACEHOLDERS = "?, ".repeat(COLUMN_COUNT - 1) + "?";

    private UsageRows() {}

    /** Binds {@code row} to the placeholders after {@code base}: the first column is {@code base + 1}. */
    static void bind(PreparedStatement insert, int base, UsageRecord row) throws SQLException {
        TokenUsage usage = row.usage();
        insert.setString(base + 1, text(row.requestId()));
        insert.setLong(base + 2, Micros.of(row.startedAt()));
        insert.setString(base + 3, text(row.keyName()));
        insert.setString(base + 4, row.protocol().wireName());
        insert.setString(base + 5, text(row.model()));
        setOptionalText(insert, base + 6, row.provider());
        setOptionalText(insert, base + 7, row.upstreamModel());
        insert.setBoolean(base + 8, row.stream());
        insert.setInt(base + 9, row.status());
        setOptionalText(insert, base + 10, row.errorType());
        insert.setLong(base + 11, Micros.of(row.latency()));
        setOptionalMicros(insert, base + 12, row.timeToFirstToken());
        insert.setLong(base + 13, usage.inputTokens());
        insert.setLong(base + 14, usage.outputTokens());
        insert.setLong(base + 15, usage.cacheReadTokens());
        insert.setLong(base + 16, usage.cacheWriteTokens());
        insert.setLong(base + 17, usage.reasoningTokens());
        insert.setString(base + 18, sourceName(usage.source()));
        insert.setInt(base + 19, row.attempts());
        insert.setString(base + 20, AttemptLogJson.write(row.attemptLog()));
        insert.setLong(base + 21, usage.cacheWrites().fiveMinutes());
        insert.setLong(base + 22, usage.cacheWrites().oneHour());
        insert.setLong(base + 23, usage.modalities().audioInput());
        insert.setLong(base + 24, usage.modalities().imageInput());
        insert.setLong(base + 25, usage.modalities().audioOutput());
        insert.setLong(base + 26, usage.modalities().imageOutput());
        setOptionalText(insert, base + 27, estimateMethod(usage.source()));
        setOptionalText(insert, base + 28, usage.raw());
        setOptionalDecimal(insert, base + 29, row.cost().map(Cost::base));
        setOptionalDecimal(insert, base + 30, row.cost().map(Cost::markup));
        setOptionalDecimal(insert, base + 31, row.cost().map(Cost::total));
        setOptionalDecimal(insert, base + 32, row.cost().map(Cost::markupPercent));
        setOptionalText(insert, base + 33, row.priceVersion());
        Attribution to = row.attribution();
        setOptionalText(insert, base + 34, to.keyId());
        setOptionalText(insert, base + 35, to.memberId());
        setOptionalText(insert, base + 36, to.projectId());
        setOptionalText(insert, base + 37, to.teamId());
    }

    static UsageRecord read(ResultSet rs) throws SQLException {
        TokenUsage usage = new TokenUsage(
                rs.getLong("input_tokens"),
                rs.getLong("output_tokens"),
                rs.getLong("cache_read_tokens"),
                rs.getLong("cache_write_tokens"),
                rs.getLong("reasoning_tokens"),
                new TokenUsage.CacheWrites(rs.getLong("cache_write_5m_tokens"), rs.getLong("cache_write_1h_tokens")),
                new TokenUsage.Modalities(rs.getLong("audio_input_tokens"), rs.getLong("image_input_tokens"),
                        rs.getLong("audio_output_tokens"), rs.getLong("image_output_tokens")),
                source(rs.getString("usage_source"), Optional.ofNullable(rs.getString("estimate_method"))),
                Optional.ofNullable(rs.getString("raw_usage")));
        return new UsageRecord(
                rs.getString("request_id"),
                Micros.instant(rs.getLong("started_at")),
                rs.getString("key_name"),
                protocol(rs.getString("protocol")),
                rs.getString("model"),
                Optional.ofNullable(rs.getString("provider")),
                Optional.ofNullable(rs.getString("upstream_model")),
                rs.getBoolean("stream"),
                rs.getInt("status"),
                Optional.ofNullable(rs.getString("error_type")),
                Micros.duration(rs.getLong("latency_us")),
                optionalDuration(rs, "ttft_us"),
                usage,
                rs.getInt("attempts"),
                AttemptLogJson.read(rs.getString("attempt_log")),
                cost(rs),
                Optional.ofNullable(rs.getString("price_version")),
                new Attribution(optionalText(rs, "key_id"), optionalText(rs, "member_id"),
                        optionalText(rs, "project_id"), optionalText(rs, "team_id")));
    }

    private static Optional<String> optionalText(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    static String text(String value) {
        // indexOf is vectorized; replace walks the text char by char even when there is nothing to replace.
        return value.indexOf('\u0000') < 0 ? value : value.replace('\u0000', '\uFFFD');
    }

    private static void setOptionalText(PreparedStatement statement, int index, Optional<String> value)
            throws SQLException {
        if (value.isPresent()) {
            statement.setString(index, text(value.get()));
        } else {
            statement.setNull(index, Types.VARCHAR);
        }
    }

    private static void setOptionalMicros(PreparedStatement statement, int index, Optional<Duration> value)
            throws SQLException {
        if (value.isPresent()) {
            statement.setLong(index, Micros.of(value.get()));
        } else {
            statement.setNull(index, Types.BIGINT);
        }
    }

    /**
     * A decimal as its plain text typed NUMERIC: PostgreSQL's driver sends it as an exact numeric, SQLite's stores
     * the text (its NUMERIC would go through a double).
     */
    private static void setOptionalDecimal(PreparedStatement statement, int index, Optional<BigDecimal> value)
            throws SQLException {
        if (value.isPresent()) {
            statement.setObject(index, value.get().toPlainString(), Types.NUMERIC);
        } else {
            statement.setNull(index, Types.NUMERIC);
        }
    }

    /** Read as text on both databases: PostgreSQL writes a NUMERIC with every digit of its scale. */
    private static Optional<Cost> cost(ResultSet rs) throws SQLException {
        Optional<BigDecimal> total = decimal(rs, "cost_total");
        if (total.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Cost(costPart(rs, "cost_base"), costPart(rs, "markup_percent"),
                costPart(rs, "cost_markup"), total.get()));
    }

    private static BigDecimal costPart(ResultSet rs, String column) throws SQLException {
        return decimal(rs, column)
                .orElseThrow(() -> new IllegalStateException("usage_records has a cost_total without " + column));
    }

    private static Optional<BigDecimal> decimal(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column)).map(BigDecimal::new);
    }

    private static Optional<Duration> optionalDuration(ResultSet rs, String column) throws SQLException {
        long micros = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Micros.duration(micros));
    }

    static String sourceName(TokenUsage.Source source) {
        return switch (source) {
            case TokenUsage.Source.Reported _ -> "reported";
            case TokenUsage.Source.Estimated _ -> "estimated";
            case TokenUsage.Source.None _ -> "none";
        };
    }

    static Optional<String> estimateMethod(TokenUsage.Source source) {
        return switch (source) {
            case TokenUsage.Source.Estimated(TokenUsage.EstimateMethod method) -> Optional.of(methodName(method));
            case TokenUsage.Source.Reported _, TokenUsage.Source.None _ -> Optional.empty();
        };
    }

    private static String methodName(TokenUsage.EstimateMethod method) {
        return switch (method) {
            case TOKENIZER -> "tokenizer";
            case PARTIAL -> "partial";
        };
    }

    static TokenUsage.Source source(String name, Optional<String> method) {
        return switch (name) {
            case "reported" -> TokenUsage.Source.REPORTED;
            case "none" -> TokenUsage.Source.NONE;
            // Rows estimated before the method was recorded were all counted by the tokenizer.
            case "estimated" -> new TokenUsage.Source.Estimated(method.map(UsageRows::method)
                    .orElse(TokenUsage.EstimateMethod.TOKENIZER));
            default -> throw new IllegalStateException("unknown usage_source in usage_records: " + name);
        };
    }

    private static TokenUsage.EstimateMethod method(String name) {
        return Arrays.stream(TokenUsage.EstimateMethod.values())
                .filter(method -> methodName(method).equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown estimate_method in usage_records: " + name));
    }

    private static Protocol protocol(String wireName) {
        return Arrays.stream(Protocol.values())
                .filter(protocol -> protocol.wireName().equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown protocol in usage_records: " + wireName));
    }
}
