package dev.parley.core.usage;

/**
 * Token counts of one request, normalized so that the buckets never overlap: {@code inputTokens} excludes
 * cache reads and writes, {@code outputTokens} includes reasoning ({@code reasoningTokens} says how much of it).
 */
public record TokenUsage(
        long inputTokens,
        long outputTokens,
        long cacheReadTokens,
        long cacheWriteTokens,
        long reasoningTokens,
        Source source) {

    /** Where the figures came from. */
    public enum Source {
        /** The provider reported them. */
        REPORTED,
        /** Parley estimated them (the provider gave none, e.g. a cut stream). */
        ESTIMATED,
        /** Nothing is known: the request never reached a provider or produced nothing. */
        NONE
    }

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0, 0, Source.NONE);

    public TokenUsage {
        if (inputTokens < 0 || outputTokens < 0 || cacheReadTokens < 0 || cacheWriteTokens < 0 || reasoningTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
    }

    public static TokenUsage reported(long inputTokens, long outputTokens) {
        return new TokenUsage(inputTokens, outputTokens, 0, 0, 0, Source.REPORTED);
    }

    public long totalTokens() {
        return inputTokens + cacheReadTokens + cacheWriteTokens + outputTokens;
    }
}
