package dev.parley.core.codec;

import dev.parley.core.model.StreamEvent;
import dev.parley.core.sse.SseEvent;
import java.util.List;

/**
 * Turns one upstream stream, event by event, into {@link StreamEvent}s in the order that type's contract sets.
 * One instance per stream; not thread-safe.
 */
public interface StreamDecoder {

    /** The events one upstream SSE event stands for (often none, sometimes several). */
    List<StreamEvent> decode(SseEvent event);

    /**
     * The upstream stream ended (EOF). Returns what completes the stream: the held usage, finish and
     * {@link StreamEvent.Done} after a proper end, or a {@link StreamEvent.Failure} if the stream was cut
     * before its protocol's end marker. Returns nothing if the stream already completed or failed.
     */
    List<StreamEvent> end();
}
