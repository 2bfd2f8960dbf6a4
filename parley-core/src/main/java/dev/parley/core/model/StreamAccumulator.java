package dev.parley.core.model;

import dev.parley.core.protocol.ApiError;
import dev.parley.core.usage.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Folds a stream of events into the finished answer: the bridge that lets a non-streaming client be served from
 * a streaming upstream, and the reference that encoders' tests compare against.
 */
public final class StreamAccumulator {

    private final List<Block> content = new ArrayList<>();
    private String id = "";
    private String model = "";
    private TokenUsage usage = TokenUsage.NONE;
    private Optional<StreamEvent.Finish> finish = Optional.empty();
    private Optional<ApiError> failure = Optional.empty();
    private boolean done;
    private OpenBlock open = OpenBlock.NONE;

    /** The block being assembled; one at a time, as the event contract promises. */
    private enum Kind { NONE, TEXT, THINKING, CALL }

    private static final class OpenBlock {
        static final OpenBlock NONE = new OpenBlock(Kind.NONE, "", "");
        final Kind kind;
        final String id;
        final String name;
        final StringBuilder text = new StringBuilder();
        Optional<Signature> signature = Optional.empty();

        OpenBlock(Kind kind, String id, String name) {
            this.kind = kind;
            this.id = id;
            this.name = name;
        }
    }

    public void accept(StreamEvent event) {
        switch (event) {
            case StreamEvent.Start s -> {
                id = s.id();
                model = s.model();
            }
            case StreamEvent.TextStart t -> open(new OpenBlock(Kind.TEXT, "", ""));
            case StreamEvent.ThinkingStart t -> open(new OpenBlock(Kind.THINKING, "", ""));
            case StreamEvent.ToolCallStart t -> open(new OpenBlock(Kind.CALL, t.id(), t.name()));
            case StreamEvent.RedactedThinking r -> {
                close();
                content.add(new Block.RedactedThinking(r.data()));
            }
            case StreamEvent.TextDelta d -> append(Kind.TEXT, d.text());
            case StreamEvent.ThinkingDelta d -> append(Kind.THINKING, d.text());
            case StreamEvent.ArgumentsDelta d -> append(Kind.CALL, d.json());
            case StreamEvent.SignatureDelta s -> {
                if (open.kind != Kind.NONE) {
                    open.signature = Optional.of(s.signature());
                }
            }
            case StreamEvent.BlockStop b -> close();
            case StreamEvent.Usage u -> usage = u.usage();
            case StreamEvent.Finish f -> finish = Optional.of(f);
            case StreamEvent.Failure f -> failure = Optional.of(f.error());
            case StreamEvent.Done d -> done = true;
        }
    }

    private void open(OpenBlock block) {
        close();
        open = block;
    }

    private void append(Kind kind, String text) {
        if (open.kind == kind) {
            open.text.append(text);
        }
    }

    private void close() {
        switch (open.kind) {
            case TEXT -> content.add(new Block.Text(open.text.toString()));
            case THINKING -> content.add(new Block.Thinking(open.text.toString(), open.signature));
            case CALL -> content.add(new Block.ToolCall(open.id, open.name,
                    open.text.isEmpty() ? "{}" : open.text.toString(), open.signature));
            case NONE -> { }
        }
        open = OpenBlock.NONE;
    }

    /** The error that broke the stream, if one did. */
    public Optional<ApiError> failure() {
        return failure;
    }

    public boolean done() {
        return done;
    }

    /** The answer so far; the finish reason defaults to tool calls or end of turn when none arrived. */
    public ChatResponse response() {
        close();
        boolean calls = content.stream().anyMatch(Block.ToolCall.class::isInstance);
        FinishReason reason = finish.map(StreamEvent.Finish::reason)
                .orElse(calls ? FinishReason.TOOL_CALLS : FinishReason.END_TURN);
        return new ChatResponse(id, model, content, reason, finish.flatMap(StreamEvent.Finish::stopSequence), usage);
    }
}
