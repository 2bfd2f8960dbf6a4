package dev.parley.core.codec.anthropic;

import dev.parley.core.codec.EventScan;
import dev.parley.core.codec.Json;
import dev.parley.core.codec.StreamDecoder;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.Signature;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.usage.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * An Anthropic upstream's SSE stream as {@link StreamEvent}s (§8.1): nearly one to one. Blocks Parley has no
 * form for (server tools) are skipped, so the indexes it assigns stay sequential. The finish is held until
 * {@code message_stop}: a stream cut after {@code message_delta} still ends in a failure.
 */
final class AnthropicStreamDecoder implements StreamDecoder {

    private static final Protocol ANTHROPIC = Protocol.ANTHROPIC_MESSAGES;

    /** What the open upstream block became. */
    private enum Open { NONE, SKIPPED, TEXT, THINKING, CALL }

    private Open open = Open.NONE;
    private int upstreamIndex = -1;
    private int index = -1;
    private boolean sawCall;
    private Optional<TokenUsage> usage = Optional.empty();
    private Optional<StreamEvent.Finish> finish = Optional.empty();
    private boolean ended;

    @Override
    public List<StreamEvent> decode(SseEvent event) {
        if (ended || event.data().isBlank()) {
            return List.of();
        }
        JsonNode data;
        try {
            data = Json.MAPPER.readTree(event.data());
        } catch (JacksonException e) {
            return fail(ApiError.of(ErrorKind.UPSTREAM, "The upstream sent an event that is not JSON."));
        }
        if (data == null || !data.isObject()) {
            return fail(ApiError.of(ErrorKind.UPSTREAM, "The upstream sent an event that is not a JSON object."));
        }
        String type = event.name().orElse(Fields.text(data, "type"));
        List<StreamEvent> out = new ArrayList<>(2);
        switch (type) {
            case "message_start" -> messageStart(data.path("message"), out);
            case "content_block_start" -> blockStart(data, out);
            case "content_block_delta" -> delta(data, out);
            case "content_block_stop" -> blockStop(data, out);
            case "message_delta" -> messageDelta(data, out);
            case "message_stop" -> messageStop(out);
            case "error" -> {
                return fail(Errors.inStream(data));
            }
            default -> { }
        }
        return out;
    }

    @Override
    public List<StreamEvent> end() {
        if (ended) {
            return List.of();
        }
        return fail(ApiError.of(ErrorKind.UPSTREAM, "The upstream stream ended early, before message_stop."));
    }

    /**
     * The message's start (input usage), delta (output usage, stop reason) and stop (the finish), an error, and data
     * that is no JSON object (the decoder fails on it).
     */
    @Override
    public Billing billing(SseEvent event) {
        String data = event.data();
        if (data.isBlank()) {
            return Billing.CONTENT;
        }
        if (!EventScan.objectShaped(data)) {
            return Billing.USAGE_OR_END;
        }
        return switch (event.name().orElse("")) {
            case "message_start", "message_delta", "message_stop", "error" -> Billing.USAGE_OR_END;
            case "" -> EventScan.mentions(data, "\"message_", "\"error\"") ? Billing.USAGE_OR_END : Billing.CONTENT;
            default -> Billing.CONTENT;
        };
    }

    private List<StreamEvent> fail(ApiError error) {
        ended = true;
        return List.of(new StreamEvent.Failure(error));
    }

    private void messageStart(JsonNode message, List<StreamEvent> out) {
        out.add(new StreamEvent.Start(Fields.text(message, "id"), Fields.text(message, "model")));
        if (message.path("usage").isObject()) {
            usage = AnthropicUsage.merge(message.path("usage"), usage);
            usage.ifPresent(u -> out.add(new StreamEvent.Usage(u)));
        }
    }

    private void blockStart(JsonNode data, List<StreamEvent> out) {
        close(out);
        upstreamIndex = data.path("index").asInt(-1);
        JsonNode block = data.path("content_block");
        switch (Fields.text(block, "type")) {
            case "text" -> {
                open(Open.TEXT, out, new StreamEvent.TextStart(index + 1));
                String text = Fields.text(block, "text");
                if (!text.isEmpty()) {
                    out.add(new StreamEvent.TextDelta(index, text));
                }
            }
            case "thinking" -> {
                open(Open.THINKING, out, new StreamEvent.ThinkingStart(index + 1));
                String text = Fields.text(block, "thinking");
                if (!text.isEmpty()) {
                    out.add(new StreamEvent.ThinkingDelta(index, text));
                }
                ResponseReader.signature(Fields.text(block, "signature"))
                        .ifPresent(s -> out.add(new StreamEvent.SignatureDelta(index, s)));
            }
            case "tool_use" -> {
                sawCall = true;
                open(Open.CALL, out, new StreamEvent.ToolCallStart(index + 1, Fields.text(block, "id"),
                        Fields.text(block, "name")));
                JsonNode input = block.path("input");
                if (input.isObject() && !input.isEmpty()) {
                    out.add(new StreamEvent.ArgumentsDelta(index, Json.text(input)));
                }
            }
            case "redacted_thinking" -> {
                // Complete in its start event: it opens and closes at once, and its stop event is skipped.
                index++;
                out.add(new StreamEvent.RedactedThinking(index, new Signature(ANTHROPIC, Fields.text(block, "data"))));
                open = Open.SKIPPED;
            }
            default -> open = Open.SKIPPED;
        }
    }

    private void open(Open kind, List<StreamEvent> out, StreamEvent start) {
        index++;
        open = kind;
        out.add(start);
    }

    private void delta(JsonNode data, List<StreamEvent> out) {
        if (!current(data)) {
            return;
        }
        JsonNode delta = data.path("delta");
        switch (open) {
            case TEXT -> text(delta, "text_delta", "text").ifPresent(t -> out.add(new StreamEvent.TextDelta(index, t)));
            case THINKING -> {
                text(delta, "thinking_delta", "thinking").ifPresent(t -> out.add(new StreamEvent.ThinkingDelta(index, t)));
                text(delta, "signature_delta", "signature").flatMap(ResponseReader::signature)
                        .ifPresent(s -> out.add(new StreamEvent.SignatureDelta(index, s)));
            }
            case CALL -> text(delta, "input_json_delta", "partial_json")
                    .ifPresent(json -> out.add(new StreamEvent.ArgumentsDelta(index, json)));
            case NONE, SKIPPED -> { }
        }
    }

    /** The delta's text when the delta is of that type and not empty. */
    private static Optional<String> text(JsonNode delta, String type, String field) {
        if (!type.equals(Fields.text(delta, "type"))) {
            return Optional.empty();
        }
        return Optional.of(Fields.text(delta, field)).filter(s -> !s.isEmpty());
    }

    private void blockStop(JsonNode data, List<StreamEvent> out) {
        if (current(data)) {
            close(out);
        }
    }

    /** Whether the event is about the open block; some Anthropic-compatible providers leave the index out. */
    private boolean current(JsonNode data) {
        JsonNode at = data.get("index");
        return at == null || !at.isNumber() || at.canConvertToInt() && at.asInt() == upstreamIndex;
    }

    private void close(List<StreamEvent> out) {
        switch (open) {
            case TEXT, THINKING, CALL -> out.add(new StreamEvent.BlockStop(index));
            case NONE, SKIPPED -> { }
        }
        open = Open.NONE;
    }

    private void messageDelta(JsonNode data, List<StreamEvent> out) {
        close(out);
        if (data.path("usage").isObject()) {
            usage = AnthropicUsage.merge(data.path("usage"), usage);
            usage.ifPresent(u -> out.add(new StreamEvent.Usage(u)));
        }
        JsonNode delta = data.path("delta");
        FinishReason reason = StopReasons.withCalls(StopReasons.read(Fields.text(delta, "stop_reason")), sawCall);
        Optional<String> stopSequence = Optional.of(Fields.text(delta, "stop_sequence")).filter(s -> !s.isEmpty());
        finish = Optional.of(new StreamEvent.Finish(reason, stopSequence));
    }

    private void messageStop(List<StreamEvent> out) {
        close(out);
        out.add(finish.orElseGet(() -> new StreamEvent.Finish(
                sawCall ? FinishReason.TOOL_CALLS : FinishReason.END_TURN, Optional.empty())));
        out.add(new StreamEvent.Done());
        ended = true;
    }
}
