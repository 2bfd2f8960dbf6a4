package dev.parley.testkit;

import java.time.Duration;

/**
 * How a reply is delivered in time and in pieces.
 *
 * @param headerDelay silence before the response headers (a slow first byte that still succeeds)
 * @param chunkDelay pause between stream events; zero writes the whole stream at once, an HTTP chunk per event
 * @param textChunks how many deltas each text, thinking or tool-argument piece is split into when streamed
 */
public record Pacing(Duration headerDelay, Duration chunkDelay, int textChunks) {

    /** No delays; each piece streamed as a few deltas so that parsers see real fragmentation. */
    public static final Pacing FAST = new Pacing(Duration.ZERO, Duration.ZERO, 3);

    public Pacing {
        if (headerDelay.isNegative() || chunkDelay.isNegative()) {
            throw new IllegalArgumentException("delays cannot be negative");
        }
        if (textChunks < 1) {
            throw new IllegalArgumentException("textChunks must be at least 1");
        }
    }

    public Pacing withHeaderDelay(Duration delay) {
        return new Pacing(delay, chunkDelay, textChunks);
    }

    public Pacing withChunkDelay(Duration delay) {
        return new Pacing(headerDelay, delay, textChunks);
    }

    public Pacing withTextChunks(int chunks) {
        return new Pacing(headerDelay, chunkDelay, chunks);
    }
}
