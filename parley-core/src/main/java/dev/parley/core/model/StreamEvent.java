package dev.parley.core.model;

import dev.parley.core.protocol.ApiError;
import dev.parley.core.usage.TokenUsage;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a streamed answer, protocol-neutral. An upstream decoder produces them and a client encoder
 * consumes them, in this order: {@link Start}; then blocks, each a start, its deltas and a {@link BlockStop}
 * (one block open at a time, {@code index} counting blocks from 0 in emission order); {@link Usage} whenever
 * known (each one is the whole usage so far: the last wins); one {@link Finish}; and {@link Done}. A stream that
 * breaks ends with a {@link Failure} instead of {@link Finish} and {@link Done}.
 */
public sealed interface StreamEvent {

    record Start(String id, String model) implements StreamEvent {
        public Start {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(model, "model");
        }
    }

    record TextStart(int index) implements StreamEvent {
    }

    record ThinkingStart(int index) implements StreamEvent {
    }

    record ToolCallStart(int index, String id, String name) implements StreamEvent {
        public ToolCallStart {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
        }
    }

    /** A complete redacted-thinking block: start, content and stop in one event. */
    record RedactedThinking(int index, Signature data) implements StreamEvent {
        public RedactedThinking {
            Objects.requireNonNull(data, "data");
        }
    }

    record TextDelta(int index, String text) implements StreamEvent {
        public TextDelta {
            Objects.requireNonNull(text, "text");
        }
    }

    record ThinkingDelta(int index, String text) implements StreamEvent {
        public ThinkingDelta {
            Objects.requireNonNull(text, "text");
        }
    }

    /** The opaque token of a thinking block or a tool call, sent before the block stops. */
    record SignatureDelta(int index, Signature signature) implements StreamEvent {
        public SignatureDelta {
            Objects.requireNonNull(signature, "signature");
        }
    }

    /** A fragment of a tool call's argument JSON; the fragments of one call concatenate to the whole. */
    record ArgumentsDelta(int index, String json) implements StreamEvent {
        public ArgumentsDelta {
            Objects.requireNonNull(json, "json");
        }
    }

    record BlockStop(int index) implements StreamEvent {
    }

    record Usage(TokenUsage usage) implements StreamEvent {
        public Usage {
            Objects.requireNonNull(usage, "usage");
        }
    }

    record Finish(FinishReason reason, Optional<String> stopSequence) implements StreamEvent {
        public Finish {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(stopSequence, "stopSequence");
        }
    }

    /** The stream broke after it started: the client must see its protocol's error event, not a clean end. */
    record Failure(ApiError error) implements StreamEvent {
        public Failure {
            Objects.requireNonNull(error, "error");
        }
    }

    record Done() implements StreamEvent {
    }
}
