package dev.parley.core.usage;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a set of ledger rows adds up to. Costs are exact decimals (10 places, as the ledger rounds them), summed
 * over priced rows only; {@code pricedRequests} says how many there were. {@code latency}: how long they took.
 */
public record UsageTotals(long requests, long errorRequests, long estimatedRequests, long pricedRequests,
                          long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                          long reasoningTokens, BigDecimal costBase, BigDecimal costMarkup, BigDecimal costTotal,
                          UsageLatency latency) {

    public static final UsageTotals ZERO = new UsageTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO,
            BigDecimal.ZERO, BigDecimal.ZERO, UsageLatency.ZERO);

    public UsageTotals {
        Objects.requireNonNull(costBase, "costBase");
        Objects.requireNonNull(costMarkup, "costMarkup");
        Objects.requireNonNull(costTotal, "costTotal");
        Objects.requireNonNull(latency, "latency");
    }

    public UsageTotals plus(UsageTotals other) {
        return new UsageTotals(requests + other.requests, errorRequests + other.errorRequests,
                estimatedRequests + other.estimatedRequests, pricedRequests + other.pricedRequests,
                inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                cacheReadTokens + other.cacheReadTokens, cacheWriteTokens + other.cacheWriteTokens,
                reasoningTokens + other.reasoningTokens, costBase.add(other.costBase),
                costMarkup.add(other.costMarkup), costTotal.add(other.costTotal), latency.plus(other.latency));
    }
}
