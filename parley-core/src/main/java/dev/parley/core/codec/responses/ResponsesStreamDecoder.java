package dev.parley.core.codec.responses;

import dev.parley.core.codec.EventScan;
import dev.parley.core.codec.Json;
import dev.parley.core.codec.StreamDecoder;
import dev.parley.core.codec.ToolIds;
import dev.parley.core.model.Block;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.usage.TokenUsage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A Responses upstream's SSE as events (§8.1): state per {@code output_index}, one block open at a time,
 * summary parts joined by blank lines, the encrypted reasoning as the thinking block's signature, arguments
 * synthesized from {@code output_item.done} when none were streamed (H14), and a failure for an error event or
 * a stream that ends before its terminal event.
 */
final class ResponsesStreamDecoder implements StreamDecoder {

    private enum Phase { WAITING, STREAMING, ENDED }

    /** The event types that end a stream. */
    private static final Set<String> TERMINAL = Set.of("response.completed", "response.incomplete", "response.failed",
            "error");

    /** One output item of the upstream's response. */
    private static final class Item {
        int block = -1;
        boolean streamed;
        boolean producedBlock;
        int part = Integer.MIN_VALUE;
        final StringBuilder input = new StringBuilder();
    }

    private final Map<Integer, Item> items = new HashMap<>();
    private Phase phase = Phase.WAITING;
    private String responseId = "";
    private Optional<Item> current = Optional.empty();
    private int nextBlock;
    private boolean calls;
    private boolean refusal;
    private List<StreamEvent> out = new ArrayList<>();

    @Override
    public List<StreamEvent> decode(SseEvent event) {
        if (phase == Phase.ENDED) {
            return List.of();
        }
        JsonNode data;
        try {
            data = Json.MAPPER.readTree(event.data());
        } catch (JacksonException e) {
            return List.of();
        }
        if (data == null || !data.isObject()) {
            return List.of();
        }
        out = new ArrayList<>();
        dispatch(data.path("type").asString(event.name().orElse("")), data);
        return out;
    }

    @Override
    public List<StreamEvent> end() {
        if (phase == Phase.ENDED) {
            return List.of();
        }
        phase = Phase.ENDED;
        return List.of(new StreamEvent.Failure(ApiError.of(ErrorKind.UPSTREAM,
                "The upstream stream ended early, before response.completed.")));
    }

    /**
     * The terminal events (usage and finish, or the failure) and errors. The type is the data's, else the event's
     * name; data that is not JSON is skipped by the decoder, so it is content here too.
     */
    @Override
    public Billing billing(SseEvent event) {
        boolean terminal = EventScan.mentions(event.data(), "\"response.completed\"", "\"response.incomplete\"",
                "\"response.failed\"") || EventScan.mentionsNonNull(event.data(), "\"error\"")
                || event.name().filter(TERMINAL::contains).isPresent();
        return terminal ? Billing.USAGE_OR_END : Billing.CONTENT;
    }

    private void dispatch(String type, JsonNode data) {
        int index = data.path("output_index").asInt(0);
        switch (type) {
            case "response.created", "response.queued", "response.in_progress" -> start(data.path("response"));
            case "response.output_item.added" -> added(index, data.path("item"));
            case "response.content_part.added" -> partAdded(index, data.path("part"));
            case "response.output_text.delta" -> text(index, data.path("delta").asString(""));
            case "response.refusal.delta" -> {
                refusal = true;
                text(index, data.path("delta").asString(""));
            }
            case "response.output_text.done", "response.refusal.done", "response.content_part.done" -> textDone(index, data);
            case "response.reasoning_summary_text.delta" ->
                    thinking(index, data.path("summary_index").asInt(0), data.path("delta").asString(""));
            case "response.reasoning_text.delta" ->
                    thinking(index, -1 - data.path("content_index").asInt(0), data.path("delta").asString(""));
            case "response.function_call_arguments.delta" -> arguments(index, data.path("delta").asString(""));
            case "response.function_call_arguments.done" -> argumentsDone(index, data.path("arguments").asString(""));
            case "response.custom_tool_call_input.delta" -> item(index).input
                    .append(data.path("delta").asString(""));
            case "response.output_item.done" -> itemDone(index, data.path("item"));
            case "response.completed" -> complete(data.path("response"), Status.COMPLETED);
            case "response.incomplete" -> complete(data.path("response"), Status.INCOMPLETE);
            case "response.failed" -> fail(data.path("response").path("error"));
            case "error" -> fail(data.path("error").isObject() ? data.get("error") : data);
            default -> { }
        }
    }

    private void start(JsonNode response) {
        if (phase != Phase.WAITING) {
            return;
        }
        phase = Phase.STREAMING;
        responseId = response.path("id").asString("");
        out.add(new StreamEvent.Start(responseId, response.path("model").asString("")));
    }

    private Item item(int index) {
        return items.computeIfAbsent(index, i -> new Item());
    }

    private void added(int index, JsonNode node) {
        Item item = new Item();
        items.put(index, item);
        switch (node.path("type").asString("")) {
            case "reasoning" -> open(item, StreamEvent.ThinkingStart::new);
            case "function_call", "custom_tool_call", "local_shell_call" -> openCall(item, node);
            // A message waits for its content parts; hosted tools' items have no blocks.
            default -> { }
        }
    }

    private void open(Item item, IntFunction<StreamEvent> startEvent) {
        start(Json.objectNode());
        close();
        item.block = nextBlock++;
        item.streamed = false;
        item.producedBlock = true;
        current = Optional.of(item);
        out.add(startEvent.apply(item.block));
    }

    private void openCall(Item item, JsonNode node) {
        calls = true;
        String id = ItemReader.callId(node);
        String name = ItemReader.callName(node);
        int block = nextBlock;
        String callId = id.isEmpty() ? ToolIds.synthesize(responseId, block) : id;
        open(item, i -> new StreamEvent.ToolCallStart(i, callId, name));
    }

    private void close() {
        current.ifPresent(item -> out.add(new StreamEvent.BlockStop(item.block)));
        current = Optional.empty();
    }

    private boolean isOpen(Item item) {
        return current.isPresent() && current.get() == item;
    }

    private void partAdded(int index, JsonNode part) {
        String type = part.path("type").asString("");
        if (type.equals("output_text") || type.equals("refusal")) {
            refusal |= type.equals("refusal");
            open(item(index), StreamEvent.TextStart::new);
        }
    }

    private void text(int index, String delta) {
        Item item = item(index);
        if (!isOpen(item)) {
            open(item, StreamEvent.TextStart::new);
        }
        if (!delta.isEmpty()) {
            item.streamed = true;
            out.add(new StreamEvent.TextDelta(item.block, delta));
        }
    }

    private void textDone(int index, JsonNode data) {
        Item item = item(index);
        if (!isOpen(item)) {
            return;
        }
        String text = data.path("text").asString(data.path("part").path("text").asString(""));
        if (!item.streamed && !text.isEmpty()) {
            out.add(new StreamEvent.TextDelta(item.block, text));
        }
        close();
    }

    private void thinking(int index, int part, String delta) {
        Item item = item(index);
        if (!isOpen(item)) {
            open(item, StreamEvent.ThinkingStart::new);
        }
        if (delta.isEmpty()) {
            return;
        }
        if (item.streamed && part != item.part) {
            out.add(new StreamEvent.ThinkingDelta(item.block, "\n\n"));
        }
        item.part = part;
        item.streamed = true;
        out.add(new StreamEvent.ThinkingDelta(item.block, delta));
    }

    private void arguments(int index, String delta) {
        Item item = item(index);
        if (isOpen(item) && !delta.isEmpty()) {
            item.streamed = true;
            out.add(new StreamEvent.ArgumentsDelta(item.block, delta));
        }
    }

    private void argumentsDone(int index, String arguments) {
        Item item = item(index);
        if (isOpen(item) && !item.streamed && !arguments.isEmpty()) {
            item.streamed = true;
            out.add(new StreamEvent.ArgumentsDelta(item.block, arguments));
        }
    }

    private void itemDone(int index, JsonNode node) {
        Item item = item(index);
        switch (node.path("type").asString("")) {
            case "message" -> messageDone(item, node);
            case "reasoning" -> reasoningDone(item, node);
            case "function_call", "custom_tool_call", "local_shell_call" -> callDone(item, node);
            default -> { }
        }
    }

    private void messageDone(Item item, JsonNode node) {
        refusal |= ItemReader.refused(node);
        if (isOpen(item)) {
            close();
        }
        if (item.producedBlock) {
            return;
        }
        // Nothing was streamed for it: the finished item is all there is.
        for (Block block : ItemReader.texts(node)) {
            open(item, StreamEvent.TextStart::new);
            out.add(new StreamEvent.TextDelta(item.block, ((Block.Text) block).text()));
            close();
        }
    }

    private void reasoningDone(Item item, JsonNode node) {
        if (!isOpen(item)) {
            if (item.producedBlock) {
                return;
            }
            open(item, StreamEvent.ThinkingStart::new);
        }
        String text = ItemReader.reasoningText(node);
        if (!item.streamed && !text.isEmpty()) {
            out.add(new StreamEvent.ThinkingDelta(item.block, text));
        }
        ItemReader.signature(node).ifPresent(s -> out.add(new StreamEvent.SignatureDelta(item.block, s)));
        close();
    }

    private void callDone(Item item, JsonNode node) {
        if (!isOpen(item)) {
            if (item.producedBlock) {
                return;
            }
            openCall(item, node);
        }
        String arguments = switch (node.path("type").asString("")) {
            case "custom_tool_call" -> ItemReader.customArguments(
                    Fields.text(node, "input").orElse(item.input.toString()));
            case "local_shell_call" -> ItemReader.arguments(node);
            default -> item.streamed ? "" : node.path("arguments").asString("");
        };
        if (!arguments.isEmpty()) {
            out.add(new StreamEvent.ArgumentsDelta(item.block, arguments));
        }
        close();
    }

    /** @param status the status the terminal event stands for, when its response does not say */
    private void complete(JsonNode response, String status) {
        start(response);
        close();
        if (nextBlock == 0) {
            replay(response.path("output"));
        }
        TokenUsage usage = Usage.read(response.path("usage"));
        if (usage.isReported()) {
            out.add(new StreamEvent.Usage(usage));
        }
        FinishReason reason = Status.finish(response.path("status").asString(status),
                ResponseReader.incompleteReason(response), calls, refusal);
        out.add(new StreamEvent.Finish(reason, Optional.empty()));
        out.add(new StreamEvent.Done());
        phase = Phase.ENDED;
    }

    /** An upstream that streamed no items but put them in its terminal event: replay them. */
    private void replay(JsonNode output) {
        int key = -1;
        for (JsonNode node : output.values()) {
            itemDone(key--, node);
        }
    }

    private void fail(JsonNode error) {
        out.add(new StreamEvent.Failure(Errors.inStream(error)));
        phase = Phase.ENDED;
    }
}
