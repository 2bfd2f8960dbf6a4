package dev.parley.core.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A finished answer replayed as a stream, one delta per block: how a streaming client is served from a
 * non-streaming upstream answer, with all the framing its protocol needs.
 */
public final class ResponseEvents {

    private ResponseEvents() {
    }

    public static List<StreamEvent> of(ChatResponse response) {
        List<StreamEvent> events = new ArrayList<>();
        events.add(new StreamEvent.Start(response.id(), response.model()));
        int index = 0;
        for (Block block : response.content()) {
            switch (block) {
                case Block.Text t -> {
                    events.add(new StreamEvent.TextStart(index));
                    events.add(new StreamEvent.TextDelta(index, t.text()));
                    events.add(new StreamEvent.BlockStop(index));
                }
                case Block.Thinking t -> {
                    events.add(new StreamEvent.ThinkingStart(index));
                    events.add(new StreamEvent.ThinkingDelta(index, t.text()));
                    int at = index;
                    t.signature().ifPresent(s -> events.add(new StreamEvent.SignatureDelta(at, s)));
                    events.add(new StreamEvent.BlockStop(index));
                }
                case Block.RedactedThinking r -> events.add(new StreamEvent.RedactedThinking(index, r.data()));
                case Block.ToolCall c -> {
                    events.add(new StreamEvent.ToolCallStart(index, c.id(), c.name()));
                    events.add(new StreamEvent.ArgumentsDelta(index, c.arguments()));
                    int at = index;
                    c.signature().ifPresent(s -> events.add(new StreamEvent.SignatureDelta(at, s)));
                    events.add(new StreamEvent.BlockStop(index));
                }
                case Block.Image i -> {
                    continue;
                }
                case Block.Document d -> {
                    continue;
                }
                case Block.ToolResult r -> {
                    continue;
                }
            }
            index++;
        }
        events.add(new StreamEvent.Usage(response.usage()));
        events.add(new StreamEvent.Finish(response.finish(), response.stopSequence()));
        events.add(new StreamEvent.Done());
        return events;
    }
}
