package dev.parley.store;

import dev.parley.core.pricing.Cost;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.tenancy.Attribution;
import dev.parley.core.usage.AttemptLog;
import dev.parley.core.usage.AttemptOutcome;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Usage rows for tests, at microsecond precision so that they round-trip exactly. */
final class TestRows {

    static final Instant T0 = Instant.parse("2025-03-01T12:00:00.123456Z");

    /** A member's key in a project of a team. */
    static final Attribution PERSONAL = new Attribution(Optional.of("key-1"), Optional.of("member-1"),
            Optional.of("project-1"), Optional.of("team-1"));

    /** A service key (no member) in another project of the same team. */
    static final Attribution SERVICE = new Attribution(Optional.of("key-2"), Optional.empty(),
            Optional.of("project-2"), Optional.of("team-1"));

    private TestRows() {}

    /** A row that cost {@code total} (all of it base price), charged to {@code to}. */
    static UsageRecord priced(String requestId, Instant startedAt, String total, Attribution to) {
        BigDecimal cost = new BigDecimal(total);
        return row(requestId, startedAt, "gpt-4o")
                .withCost(Optional.of(new Cost(cost, BigDecimal.ZERO, BigDecimal.ZERO, cost)), "0123456789abcdef")
                .withAttribution(to);
    }

    /** A typical successful row. */
    static UsageRecord row(String requestId) {
        return row(requestId, T0, "gpt-4o");
    }

    static UsageRecord row(String requestId, Instant startedAt, String model) {
        return new UsageRecord(
                requestId,
                startedAt,
                "team-a",
                Protocol.OPENAI_CHAT,
                model,
                Optional.of("openai"),
                Optional.of(model + "-2024-08-06"),
                false,
                200,
                Optional.empty(),
                Duration.ofMillis(812).plusNanos(345_000),
                Optional.of(Duration.ofMillis(95)),
                TokenUsage.reported(1_200, 340),
                1);
    }

    /** Every optional present, every token bucket distinct. */
    static UsageRecord full(String requestId) {
        return new UsageRecord(
                requestId,
                T0,
                "team-b",
                Protocol.ANTHROPIC_MESSAGES,
                "claude-sonnet",
                Optional.of("anthropic"),
                Optional.of("claude-sonnet-4-20250514"),
                true,
                502,
                Optional.of("upstream_error"),
                Duration.ofSeconds(3, 456_789_000),
                Optional.of(Duration.ofMillis(420).plusNanos(1_000)),
                new TokenUsage(11, 22, 33, 44, 5, new TokenUsage.CacheWrites(40, 3), new TokenUsage.Modalities(6, 7, 8, 9),
                        TokenUsage.Source.PARTIAL, Optional.of("{\"input_tokens\":11,\"cache_creation\":{\"ephemeral_5m_input_tokens\":40}}")),
                3,
                attempts(),
                Optional.of(new Cost(new BigDecimal("0.0123456789"), new BigDecimal("12.5"),
                        new BigDecimal("0.0015432099"), new BigDecimal("0.0138888888"))),
                Optional.of("0123456789abcdef"));
    }

    /** One attempt of each outcome, as a request that failed over many times would list them. */
    static List<AttemptLog> attempts() {
        List<AttemptOutcome> outcomes = List.of(new AttemptOutcome.HttpStatus(529, ErrorKind.OVERLOADED),
                AttemptOutcome.CONNECTION_FAILED, AttemptOutcome.TIMED_OUT,
                new AttemptOutcome.StreamError(ErrorKind.UPSTREAM), AttemptOutcome.CUT, AttemptOutcome.ABANDONED,
                AttemptOutcome.OK);
        List<AttemptLog> log = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            log.add(new AttemptLog(i % 2 == 0 ? "anthropic" : "anthropic-eu", "claude-sonnet-4-20250514", i % 3 + 1,
                    Duration.ofMillis(100L * i), Duration.ofMillis(40 + i), outcomes.get(i),
                    i % 2 == 0 ? Optional.of(Duration.ofMillis(20 + i)) : Optional.empty()));
        }
        return log;
    }

    /** Every optional empty and nothing used: a request refused before it reached a provider. */
    static UsageRecord bare(String requestId) {
        return new UsageRecord(
                requestId,
                T0,
                "team-c",
                Protocol.GEMINI,
                "gemini-pro",
                Optional.empty(),
                Optional.empty(),
                false,
                429,
                Optional.of("rate_limited"),
                Duration.ofNanos(7_000),
                Optional.empty(),
                TokenUsage.NONE,
                0);
    }
}
