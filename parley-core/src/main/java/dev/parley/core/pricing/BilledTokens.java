package dev.parley.core.pricing;

import dev.parley.core.usage.TokenUsage;

/**
 * The token counts a request is billed for, one per price: the buckets never overlap, so each token is paid once.
 *
 * @param input uncached input tokens
 * @param cacheRead input tokens read from the provider's prompt cache
 * @param cacheWrite input tokens written to the cache (the default, five-minute lifetime)
 * @param cacheWrite1h input tokens written to the cache for an hour, which some providers bill higher
 * @param output output tokens, reasoning included
 */
public record BilledTokens(long input, long cacheRead, long cacheWrite, long cacheWrite1h, long output) {

    public static final BilledTokens NONE = new BilledTokens(0, 0, 0, 0, 0);

    public BilledTokens {
        if (input < 0 || cacheRead < 0 || cacheWrite < 0 || cacheWrite1h < 0 || output < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
    }

    /**
     * A ledger's usage. The cache writes the provider says live an hour are billed at that price, the rest at the
     * default lifetime's. The split is a part of {@code cacheWriteTokens}: a split larger than the whole (figures
     * a provider got wrong) bills no token twice, the whole at the hour's price.
     */
    public static BilledTokens of(TokenUsage usage) {
        var oneHour = Math.min(usage.cacheWrites().oneHour(), usage.cacheWriteTokens());
        return new BilledTokens(usage.inputTokens(), usage.cacheReadTokens(), usage.cacheWriteTokens() - oneHour,
                oneHour, usage.outputTokens());
    }

    /** Every token of the prompt, cached or not: what a provider's price tiers are chosen by. */
    public long promptTokens() {
        return Math.addExact(Math.addExact(input, cacheRead), Math.addExact(cacheWrite, cacheWrite1h));
    }

    public BilledTokens plus(BilledTokens other) {
        return new BilledTokens(Math.addExact(input, other.input), Math.addExact(cacheRead, other.cacheRead),
                Math.addExact(cacheWrite, other.cacheWrite), Math.addExact(cacheWrite1h, other.cacheWrite1h),
                Math.addExact(output, other.output));
    }
}
