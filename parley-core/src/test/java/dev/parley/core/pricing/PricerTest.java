package dev.parley.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.config.ConfigLoader;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PricerTest {

    private static final Instant NOW = Instant.parse("2026-08-01T12:00:00Z");

    private static final Pricer PRICER = Pricer.of(ConfigLoader.parse("""
            providers:
              - {name: openai-main, type: openai, keys: [sk-0123456789]}
              - {name: local, type: openai-compatible, base_url: "http://127.0.0.1:8000/v1"}
            prices:
              - {provider: openai-main, model: house-model, input: 2.50, output: 10.00, cache_read: 1.25}
            markup_percent: 10
            """, Map.of()));

    @Test
    void aRowIsPricedFromItsUsageWithTheMarkupAndTheVersion() {
        var row = row("openai-main", "house-model", NOW, new TokenUsage(1_000, 500, 2_000, 0, 0,
                TokenUsage.Source.REPORTED));

        var priced = PRICER.price(row);

        // 1,000 × 2.50 + 2,000 × 1.25 + 500 × 10.00 = 10,000 per million
        assertThat(priced.cost()).contains(new Cost(new BigDecimal("0.0100000000"), new BigDecimal("10"),
                new BigDecimal("0.0010000000"), new BigDecimal("0.0110000000")));
        assertThat(priced.priceVersion()).contains(PRICER.version());
        assertThat(priced.withCost(Optional.empty(), "x")).usingRecursiveComparison()
                .ignoringFields("cost", "priceVersion").isEqualTo(row);
    }

    @Test
    void aRowIsPricedAtTheTimeItStarted() {
        var usage = new TokenUsage(1_000_000, 0, 0, 0, 0, TokenUsage.Source.REPORTED);

        var before = PRICER.cost(row("openai-main", "o3", Instant.parse("2025-06-09T23:59:59Z"), usage));
        var after = PRICER.cost(row("openai-main", "o3", Instant.parse("2025-06-10T00:00:00Z"), usage));

        assertThat(before.orElseThrow().base()).isEqualTo("10.0000000000");
        assertThat(after.orElseThrow().base()).isEqualTo("2.0000000000");
    }

    @Test
    void anEstimatedUsageIsPricedAsItWasEstimated() {
        var estimated = new TokenUsage(1_000_000, 100_000, 0, 0, 0, TokenUsage.Source.PARTIAL);

        assertThat(PRICER.cost(row("openai-main", "house-model", NOW, estimated)).orElseThrow().base())
                .isEqualTo("3.5000000000");
    }

    @Test
    void noPriceNoProviderOrNoUsageGivesNoCostButTheVersionStill() {
        var usage = TokenUsage.reported(100, 10);
        var unpriced = row("local", "llama-local-8b", NOW, usage);
        var unknownProvider = row("gone", "house-model", NOW, usage);
        var neverSent = new UsageRecord("r", NOW, "team", Protocol.OPENAI_CHAT, "m", Optional.empty(),
                Optional.empty(), false, 429, Optional.of("rate_limited"), Duration.ZERO, Optional.empty(),
                TokenUsage.NONE, 0);
        var failedUpstream = row("openai-main", "house-model", NOW, TokenUsage.NONE);

        for (var row : new UsageRecord[] {unpriced, unknownProvider, neverSent, failedUpstream}) {
            var priced = PRICER.price(row);
            assertThat(priced.cost()).as(row.provider() + "/" + row.upstreamModel()).isEmpty();
            assertThat(priced.priceVersion()).contains(PRICER.version());
        }
        assertThat(unpriced.cost()).isEmpty();
        assertThat(unpriced.priceVersion()).isEmpty();
    }

    @Test
    void theWorstCaseOfARequestIsPricedWithTheMarkupAndNoPriceGivesNone() {
        var worst = PRICER.worstCase("openai-main", "house-model", NOW, 1_000, 500).orElseThrow();
        var billed = PRICER.cost(row("openai-main", "house-model", NOW, new TokenUsage(1_000, 500, 0, 0, 0,
                TokenUsage.Source.REPORTED))).orElseThrow();

        // 1,000 × 2.50 + 500 × 10.00 = 7,500 per million, plus 10 %
        assertThat(worst.total()).isEqualTo("0.0082500000");
        assertThat(worst.total()).isGreaterThanOrEqualTo(billed.total());
        assertThat(PRICER.worstCase("local", "llama-local-8b", NOW, 1_000, 500)).isEmpty();
        assertThat(PRICER.worstCase("gone", "house-model", NOW, 1_000, 500)).isEmpty();
    }

    private static UsageRecord row(String provider, String upstreamModel, Instant startedAt, TokenUsage usage) {
        return new UsageRecord("req-1", startedAt, "team", Protocol.OPENAI_CHAT, "model", Optional.of(provider),
                Optional.of(upstreamModel), false, 200, Optional.empty(), Duration.ofMillis(5), Optional.empty(),
                usage, 1);
    }
}
