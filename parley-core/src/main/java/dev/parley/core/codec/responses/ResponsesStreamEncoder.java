package dev.parley.core.codec.responses;

import dev.parley.core.codec.Json;
import dev.parley.core.codec.StreamEncoder;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.Signature;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.usage.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Events as Responses SSE (§8.2): {@code response.created} and {@code response.in_progress}, each block as an
 * output item with its added/delta/done events, and one terminal event carrying the whole response, which
 * Codex needs (H15). Every event is named and numbered.
 */
final class ResponsesStreamEncoder implements StreamEncoder {

    private static final byte[] NOTHING = new byte[0];
    /** The call of a block that is not a call. */
    private static final Block.ToolCall NO_CALL = new Block.ToolCall("", "", "", Optional.empty());

    private enum Phase { NEW, STREAMING, ENDED }

    private enum Kind { TEXT, THINKING, FUNCTION, CUSTOM, LOCAL_SHELL }

    /** The output item being streamed: one at a time, as blocks are. */
    private static final class Open {
        final Kind kind;
        final int index;
        final String itemId;
        final Block.ToolCall call;
        final StringBuilder text = new StringBuilder();
        Optional<Signature> signature = Optional.empty();
        boolean summaryOpen;

        Open(Kind kind, int index, String itemId, Block.ToolCall call) {
            this.kind = kind;
            this.index = index;
            this.itemId = itemId;
            this.call = call;
        }
    }

    private final ChatRequest request;
    private final ClientTools tools;
    private final long createdAt;
    private final ArrayNode output = Json.arrayNode();
    /** Events built for the current call to encode, serialized once their fields are filled in. */
    private final List<ObjectNode> pending = new ArrayList<>();
    private Phase phase = Phase.NEW;
    private ResponseObject response;
    private OutputItems items;
    private int sequence;
    private Optional<Open> open = Optional.empty();
    private TokenUsage usage = TokenUsage.NONE;
    private FinishReason finish = FinishReason.END_TURN;

    ResponsesStreamEncoder(ChatRequest request, long createdAt) {
        this.request = request;
        this.tools = ClientTools.of(request);
        this.createdAt = createdAt;
        named(Ids.response(""));
    }

    /** The response's id is the upstream's, known at {@link StreamEvent.Start}; a stream without one gets its own. */
    private void named(String id) {
        response = new ResponseObject(id, createdAt, request);
        items = new OutputItems(id, tools);
    }

    @Override
    public byte[] encode(StreamEvent event) {
        if (phase == Phase.ENDED) {
            return NOTHING;
        }
        switch (event) {
            case StreamEvent.Start s -> start(s.id());
            case StreamEvent.TextStart t -> begin(Kind.TEXT, NO_CALL);
            case StreamEvent.ThinkingStart t -> begin(Kind.THINKING, NO_CALL);
            case StreamEvent.ToolCallStart c -> begin(callKind(c.name()),
                    new Block.ToolCall(c.id(), c.name(), "", Optional.empty()));
            case StreamEvent.RedactedThinking r -> redacted(r.data());
            case StreamEvent.TextDelta d -> text(d.text());
            case StreamEvent.ThinkingDelta d -> thinking(d.text());
            case StreamEvent.ArgumentsDelta d -> arguments(d.json());
            case StreamEvent.SignatureDelta s -> open.ifPresent(o -> o.signature = Optional.of(s.signature()));
            case StreamEvent.BlockStop b -> close();
            case StreamEvent.Usage u -> usage = u.usage();
            case StreamEvent.Finish f -> finish = f.reason();
            case StreamEvent.Failure f -> fail(f.error());
            case StreamEvent.Done d -> done();
        }
        return flush();
    }

    /** A {@code response.in_progress} event: Codex's idle timer counts events, not SSE comments. */
    @Override
    public byte[] keepAlive() {
        if (phase != Phase.STREAMING) {
            return NOTHING;
        }
        ObjectNode event = event("response.in_progress");
        event.set("response", snapshot("in_progress", Json.arrayNode()));
        return flush();
    }

    private Kind callKind(String name) {
        return switch (tools.kind(name)) {
            case FUNCTION -> Kind.FUNCTION;
            case CUSTOM -> Kind.CUSTOM;
            case LOCAL_SHELL -> Kind.LOCAL_SHELL;
        };
    }

    private void start(String upstreamId) {
        if (phase != Phase.NEW) {
            return;
        }
        phase = Phase.STREAMING;
        if (!upstreamId.isEmpty()) {
            named(Ids.response(upstreamId));
        }
        event("response.created").set("response", snapshot("in_progress", Json.arrayNode()));
        event("response.in_progress").set("response", snapshot("in_progress", Json.arrayNode()));
    }

    private ObjectNode snapshot(String status, ArrayNode items) {
        return response.build(status, items, TokenUsage.NONE, Optional.empty(), Optional.empty());
    }

    private void begin(Kind kind, Block.ToolCall call) {
        start("");
        close();
        int index = output.size();
        String prefix = switch (kind) {
            case TEXT -> "msg";
            case THINKING -> "rs";
            case FUNCTION -> "fc";
            case CUSTOM -> "ctc";
            case LOCAL_SHELL -> "lsh";
        };
        Open block = new Open(kind, index, items.id(prefix, index), call);
        open = Optional.of(block);
        switch (kind) {
            case TEXT -> {
                added(index, items.message(index, "", false));
                ObjectNode part = contentEvent("response.content_part.added", block);
                part.set("part", emptyText());
            }
            case THINKING -> added(index, items.reasoningShell(index));
            case FUNCTION -> added(index, items.function(index, block.call, "", false));
            case CUSTOM -> added(index, items.custom(index, block.call, "", false));
            // Whether it can be a local_shell_call is known only from its arguments.
            case LOCAL_SHELL -> { }
        }
    }

    private static ObjectNode emptyText() {
        ObjectNode part = Json.objectNode();
        part.put("type", "output_text");
        part.put("text", "");
        part.putArray("annotations");
        return part;
    }

    private void text(String delta) {
        open.filter(o -> o.kind == Kind.TEXT).ifPresent(o -> {
            o.text.append(delta);
            ObjectNode event = contentEvent("response.output_text.delta", o);
            event.put("delta", delta);
            event.putArray("logprobs");
        });
    }

    private void thinking(String delta) {
        open.filter(o -> o.kind == Kind.THINKING && !delta.isEmpty()).ifPresent(o -> {
            if (!o.summaryOpen) {
                o.summaryOpen = true;
                summaryEvent("response.reasoning_summary_part.added", o).set("part", OutputItems.summaryText(""));
            }
            o.text.append(delta);
            summaryEvent("response.reasoning_summary_text.delta", o).put("delta", delta);
        });
    }

    private void arguments(String delta) {
        open.filter(o -> o.kind == Kind.FUNCTION || o.kind == Kind.CUSTOM || o.kind == Kind.LOCAL_SHELL).ifPresent(o -> {
            o.text.append(delta);
            if (o.kind == Kind.FUNCTION) {
                itemEvent("response.function_call_arguments.delta", o).put("delta", delta);
            }
        });
    }

    private void close() {
        if (open.isEmpty()) {
            return;
        }
        Open o = open.get();
        open = Optional.empty();
        switch (o.kind) {
            case TEXT -> closeText(o);
            case THINKING -> closeThinking(o);
            case FUNCTION -> closeFunction(o);
            case CUSTOM -> closeCustom(o);
            case LOCAL_SHELL -> closeLocalShell(o);
        }
    }

    private void closeText(Open o) {
        String text = o.text.toString();
        ObjectNode done = contentEvent("response.output_text.done", o);
        done.put("text", text);
        done.putArray("logprobs");
        contentEvent("response.content_part.done", o).set("part", OutputItems.outputText(text));
        finished(o.index, items.message(o.index, text, true));
    }

    private void closeThinking(Open o) {
        String text = o.text.toString();
        if (o.summaryOpen) {
            summaryEvent("response.reasoning_summary_text.done", o).put("text", text);
            summaryEvent("response.reasoning_summary_part.done", o).set("part", OutputItems.summaryText(text));
        }
        finished(o.index, items.reasoning(o.index, text, o.signature));
    }

    private void closeFunction(Open o) {
        String arguments = OutputItems.arguments(o.text.toString());
        ObjectNode done = itemEvent("response.function_call_arguments.done", o);
        done.put("name", tools.qualified(o.call.name()).name());
        done.put("arguments", arguments);
        finished(o.index, items.function(o.index, o.call, arguments, true));
        callSignature(o);
    }

    private void closeCustom(Open o) {
        String input = OutputItems.customInput(o.text.toString());
        itemEvent("response.custom_tool_call_input.delta", o).put("delta", input);
        itemEvent("response.custom_tool_call_input.done", o).put("input", input);
        finished(o.index, items.custom(o.index, o.call, input, true));
        callSignature(o);
    }

    private void closeLocalShell(Open o) {
        Block.ToolCall call = new Block.ToolCall(o.call.id(), o.call.name(), o.text.toString(), Optional.empty());
        Optional<ObjectNode> action = LocalShell.action(call.arguments());
        if (action.isPresent()) {
            added(o.index, items.localShell(o.index, call, action.get().deepCopy(), false));
            finished(o.index, items.localShell(o.index, call, action.get(), true));
        } else {
            // Not a command after all: the client gets the function call the model made.
            Open function = new Open(Kind.FUNCTION, o.index, items.id("fc", o.index), o.call);
            added(o.index, items.function(o.index, o.call, "", false));
            itemEvent("response.function_call_arguments.delta", function).put("delta", o.text.toString());
            function.text.append(o.text);
            function.signature = o.signature;
            closeFunction(function);
            return;
        }
        callSignature(o);
    }

    /** A call's signature follows it in a reasoning item the client will echo. */
    private void callSignature(Open o) {
        o.signature.ifPresent(signature -> {
            int index = output.size();
            added(index, items.reasoningShell(index));
            finished(index, items.callSignature(index, signature));
        });
    }

    private void redacted(Signature data) {
        start("");
        close();
        int index = output.size();
        added(index, items.reasoningShell(index));
        finished(index, items.redacted(index, data));
    }

    private void added(int index, ObjectNode item) {
        ObjectNode event = event("response.output_item.added");
        event.put("output_index", index);
        event.set("item", item);
    }

    private void finished(int index, ObjectNode item) {
        output.add(item);
        ObjectNode event = event("response.output_item.done");
        event.put("output_index", index);
        event.set("item", item);
    }

    private void done() {
        start("");
        close();
        Optional<String> incomplete = Status.incompleteReason(finish);
        String status = incomplete.isPresent() ? Status.INCOMPLETE : Status.COMPLETED;
        event("response." + status).set("response", response.build(status, output, usage, incomplete, Optional.empty()));
        phase = Phase.ENDED;
    }

    /** The in-stream error Codex acts on: {@code response.failed}, never a clean end. */
    private void fail(ApiError error) {
        start("");
        open = Optional.empty();
        event("response.failed").set("response",
                response.build("failed", output, usage, Optional.empty(), Optional.of(Errors.responseError(error))));
        phase = Phase.ENDED;
    }

    private ObjectNode itemEvent(String type, Open o) {
        ObjectNode event = event(type);
        event.put("item_id", o.itemId);
        event.put("output_index", o.index);
        return event;
    }

    private ObjectNode contentEvent(String type, Open o) {
        ObjectNode event = itemEvent(type, o);
        event.put("content_index", 0);
        return event;
    }

    private ObjectNode summaryEvent(String type, Open o) {
        ObjectNode event = itemEvent(type, o);
        event.put("summary_index", 0);
        return event;
    }

    /** A new numbered event; the caller fills in its fields before {@link #flush()} serializes it. */
    private ObjectNode event(String type) {
        ObjectNode event = Json.objectNode();
        event.put("type", type);
        event.put("sequence_number", sequence++);
        pending.add(event);
        return event;
    }

    private byte[] flush() {
        StringBuilder out = new StringBuilder();
        for (ObjectNode event : pending) {
            out.append("event: ").append(event.get("type").stringValue()).append('\n')
                    .append("data: ").append(Json.text(event)).append("\n\n");
        }
        pending.clear();
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
