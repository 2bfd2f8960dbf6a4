package dev.parley.core.usage;

import java.util.Objects;
import java.util.Optional;

/**
 * Token counts of one request, normalized from whatever the provider reported.
 *
 * <p><b>The buckets never overlap.</b> {@code inputTokens} (uncached input), {@code cacheReadTokens},
 * {@code cacheWriteTokens} and {@code outputTokens} are disjoint and add up to {@link #totalTokens()}, so a price per
 * bucket bills every token exactly once. Everything else is a breakdown ("of which") that is never added again:
 * {@code reasoningTokens} is part of {@code outputTokens}, {@link CacheWrites} splits {@code cacheWriteTokens} by
 * time to live, and {@link Modalities} says how much of the input (all three input buckets together) and of the
 * output was audio or image. Providers count differently (OpenAI's prompt tokens include the cached ones,
 * Anthropic's input tokens exclude them, Gemini's candidates exclude the thoughts); each protocol's reader
 * rearranges its figures into these buckets.
 *
 * @param cacheWrites the cache writes by time to live, where the provider says (Anthropic); zero otherwise
 * @param modalities audio and image tokens among the input and the output, where the provider says
 * @param source whether the provider reported the figures, or Parley estimated them and how
 * @param raw the provider's own usage object as JSON text, kept for audit; for a stream whose usage arrives in
 *            parts, the parts merged as the provider's SDK merges them. Empty when nothing was reported.
 */
public record TokenUsage(
        long inputTokens,
        long outputTokens,
        long cacheReadTokens,
        long cacheWriteTokens,
        long reasoningTokens,
        CacheWrites cacheWrites,
        Modalities modalities,
        Source source,
        Optional<String> raw) {

    /** Where the figures came from. */
    public sealed interface Source {
        /** The provider reported them. */
        record Reported() implements Source {}

        /** Parley estimated them, because the provider gave no usage or not all of it. */
        record Estimated(EstimateMethod method) implements Source {
            public Estimated {
                Objects.requireNonNull(method, "method");
            }
        }

        /** Nothing is known: the request never got an answer from a provider. */
        record None() implements Source {}

        Source REPORTED = new Reported();
        Source NONE = new None();
        Source TOKENIZER = new Estimated(EstimateMethod.TOKENIZER);
        Source PARTIAL = new Estimated(EstimateMethod.PARTIAL);
    }

    /** How an estimate was made. */
    public enum EstimateMethod {
        /**
         * The provider reported nothing: input counted by the local tokenizer on the request, output on the text,
         * reasoning and tool-call arguments Parley received.
         */
        TOKENIZER,
        /**
         * The provider's figures stopped before the answer did (a stream cut by the provider or the client after
         * its input usage): the reported figures kept, the output raised to what Parley received.
         */
        PARTIAL
    }

    /**
     * Cache writes by time to live; parts of {@code cacheWriteTokens}, which may hold more when the provider
     * does not split them all.
     */
    public record CacheWrites(long fiveMinutes, long oneHour) {
        public static final CacheWrites NONE = new CacheWrites(0, 0);

        public CacheWrites {
            if (fiveMinutes < 0 || oneHour < 0) {
                throw new IllegalArgumentException("token counts cannot be negative");
            }
        }
    }

    /** Audio and image tokens among the input (every input bucket) and among the output. */
    public record Modalities(long audioInput, long imageInput, long audioOutput, long imageOutput) {
        public static final Modalities NONE = new Modalities(0, 0, 0, 0);

        public Modalities {
            if (audioInput < 0 || imageInput < 0 || audioOutput < 0 || imageOutput < 0) {
                throw new IllegalArgumentException("token counts cannot be negative");
            }
        }
    }

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0, 0, Source.NONE);

    public TokenUsage {
        if (inputTokens < 0 || outputTokens < 0 || cacheReadTokens < 0 || cacheWriteTokens < 0 || reasoningTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
        Objects.requireNonNull(cacheWrites, "cacheWrites");
        Objects.requireNonNull(modalities, "modalities");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(raw, "raw");
    }

    /** The five counts alone: no split of cache writes, no modalities, no raw object. */
    public TokenUsage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                      long reasoningTokens, Source source) {
        this(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens, CacheWrites.NONE,
                Modalities.NONE, source, Optional.empty());
    }

    public static TokenUsage reported(long inputTokens, long outputTokens) {
        return new TokenUsage(inputTokens, outputTokens, 0, 0, 0, Source.REPORTED);
    }

    public TokenUsage withCacheWrites(CacheWrites split) {
        return new TokenUsage(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens, split,
                modalities, source, raw);
    }

    public TokenUsage withModalities(Modalities counts) {
        return new TokenUsage(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens,
                cacheWrites, counts, source, raw);
    }

    public TokenUsage withSource(Source from) {
        return new TokenUsage(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens,
                cacheWrites, modalities, from, raw);
    }

    public TokenUsage withRaw(String json) {
        return new TokenUsage(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens,
                cacheWrites, modalities, source, Optional.of(json));
    }

    /** Every input token, whichever bucket: what a provider calls the prompt. */
    public long promptTokens() {
        return inputTokens + cacheReadTokens + cacheWriteTokens;
    }

    public long totalTokens() {
        return promptTokens() + outputTokens;
    }

    public boolean isReported() {
        return source instanceof Source.Reported;
    }
}
