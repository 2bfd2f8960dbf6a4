package dev.parley.core.codec;

import dev.parley.core.model.StreamEvent;

/**
 * Writes {@link StreamEvent}s as one protocol's SSE bytes for a client, framing included (event names, sequence
 * numbers, the end marker). One instance per stream; not thread-safe.
 */
public interface StreamEncoder {

    /** The bytes for one event, possibly empty (e.g. held until the protocol can say it). */
    byte[] encode(StreamEvent event);

    /**
     * Bytes that keep an idle stream alive without changing what the client sees, or an empty array where the
     * protocol's clients cannot take any (Gemini).
     */
    byte[] keepAlive();
}
