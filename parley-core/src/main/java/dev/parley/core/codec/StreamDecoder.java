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

    /**
     * What an event can change in the {@link StreamEvent.Usage}, {@link StreamEvent.Finish} and
     * {@link StreamEvent.Failure} this decoder emits, judged from the event's name and a scan of its bytes, without a
     * parse. A decoder fed only the events judged {@link Billing#USAGE_OR_END} (and the last
     * {@link Billing#RUNNING_USAGE} one before each) emits the same usage, finish and failure as one fed them all.
     * May overstate, never understate.
     */
    Billing billing(SseEvent event);

    /** How an event bears on the bill of the stream it belongs to. */
    enum Billing {
        /** Only content (text, reasoning, tool calls): needed for an estimate, not for the reported usage. */
        CONTENT,
        /** Running usage and content: the next event of this kind replaces its usage (Gemini repeats it). */
        RUNNING_USAGE,
        /** Usage, the finish, the end of the stream or a failure (a provider's error, an event that cannot be read). */
        USAGE_OR_END
    }
}
