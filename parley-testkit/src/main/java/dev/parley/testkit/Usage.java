package dev.parley.testkit;

/**
 * Token counts of one reply, in the total-inclusive convention: {@code inputTokens} counts every prompt token,
 * cache reads and cache writes included, and {@code outputTokens} counts reasoning tokens too. Each protocol
 * renderer derives its own buckets from these (Anthropic, for one, reports uncached input separately).
 */
public record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
        long reasoningTokens) {

    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cacheReadTokens < 0 || cacheWriteTokens < 0
                || reasoningTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
        if (cacheReadTokens + cacheWriteTokens > inputTokens) {
            throw new IllegalArgumentException("cached tokens are part of inputTokens and cannot exceed it");
        }
        if (reasoningTokens > outputTokens) {
            throw new IllegalArgumentException("reasoning tokens are part of outputTokens and cannot exceed it");
        }
    }

    public static Usage of(long inputTokens, long outputTokens) {
        return new Usage(inputTokens, outputTokens, 0, 0, 0);
    }

    public Usage withCacheRead(long tokens) {
        return new Usage(inputTokens, outputTokens, tokens, cacheWriteTokens, reasoningTokens);
    }

    public Usage withCacheWrite(long tokens) {
        return new Usage(inputTokens, outputTokens, cacheReadTokens, tokens, reasoningTokens);
    }

    public Usage withReasoning(long tokens) {
        return new Usage(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, tokens);
    }

    /** Prompt tokens that were neither read from nor written to a cache (Anthropic's {@code input_tokens}). */
    public long uncachedInputTokens() {
        return inputTokens - cacheReadTokens - cacheWriteTokens;
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                cacheReadTokens + other.cacheReadTokens, cacheWriteTokens + other.cacheWriteTokens,
                reasoningTokens + other.reasoningTokens);
    }
}
