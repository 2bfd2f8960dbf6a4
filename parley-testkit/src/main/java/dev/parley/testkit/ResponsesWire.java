package dev.parley.testkit;

import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI Responses: a {@code response} object, or the typed event stream from {@code response.created} to exactly
 * one terminal event, every event named on its {@code event:} line and numbered by {@code sequence_number}.
 * Each piece of the reply becomes one output item: reasoning, message or function_call.
 */
final class ResponsesWire implements Wire {

    static final ResponsesWire INSTANCE = new ResponsesWire();

    private ResponsesWire() {}

    /** The numbered events of one stream. */
    private static final class Events {
        private final List<Buffer> frames = new ArrayList<>();
        private int sequence;

        Events(int firstSequence) {
            this.sequence = firstSequence;
        }

        ObjectNode start(String type) {
            return Json.object().put("type", type).put("sequence_number", sequence++);
        }

        void add(ObjectNode event) {
            frames.add(Sse.event(event.get("type").asString(), event));
        }
    }

    @Override
    public Buffer body(Turn turn) {
        Reply reply = turn.reply();
        return Json.buffer(response(turn, terminalStatus(reply), items(turn), Optional.of(reply.usage())));
    }

    @Override
    public List<Buffer> stream(Turn turn) {
        Events events = new Events(0);
        for (String type : List.of("response.created", "response.in_progress")) {
            ObjectNode event = events.start(type);
            event.set("response", response(turn, "in_progress", List.of(), Optional.empty()));
            events.add(event);
        }
        List<ObjectNode> items = items(turn);
        List<Piece> pieces = turn.reply().pieces();
        int parts = turn.reply().pacing().textChunks();
        for (int i = 0; i < pieces.size(); i++) {
            ObjectNode item = items.get(i);
            switch (pieces.get(i)) {
                case Piece.Thinking(String text) -> reasoningEvents(events, i, item, text, parts);
                case Piece.Text(String text) -> messageEvents(events, i, item, text, parts);
                case Piece.ToolCall call -> functionCallEvents(events, i, item, call, parts);
            }
        }
        String status = terminalStatus(turn.reply());
        ObjectNode terminal = events.start("completed".equals(status) ? "response.completed" : "response.incomplete");
        terminal.set("response", response(turn, status, items, Optional.of(turn.reply().usage())));
        events.add(terminal);
        return events.frames;
    }

    /** {@code response.failed} rather than a bare {@code error} event, which Codex ignores. */
    @Override
    public Buffer streamError(Turn turn, int eventsSent, Optional<String> message) {
        Events events = new Events(eventsSent);
        ObjectNode event = events.start("response.failed");
        ObjectNode response = response(turn, "failed", List.of(), Optional.empty());
        response.putObject("error").put("code", "server_error")
                .put("message", message.orElse("The server had an error while processing your request. Sorry about that!"));
        event.set("response", response);
        events.add(event);
        return events.frames.getFirst();
    }

    @Override
    public ErrorResponse error(Fault.Status fault, String requestId, Instant now) {
        return OpenAiErrors.of(fault, requestId);
    }

    @Override
    public Map<String, String> headers(String requestId) {
        return Map.of("x-request-id", requestId);
    }

    private static void reasoningEvents(Events events, int index, ObjectNode item, String text, int parts) {
        ObjectNode added = events.start("response.output_item.added");
        added.put("output_index", index);
        added.set("item", Json.object().put("id", itemId(item)).put("type", "reasoning").set("summary", Json.array()));
        events.add(added);
        events.add(summaryPart(events.start("response.reasoning_summary_part.added"), item, index, ""));
        for (String delta : Chunks.split(text, parts)) {
            ObjectNode event = located(events.start("response.reasoning_summary_text.delta"), item, index);
            event.put("summary_index", 0).put("delta", delta);
            events.add(event);
        }
        ObjectNode done = located(events.start("response.reasoning_summary_text.done"), item, index);
        done.put("summary_index", 0).put("text", text);
        events.add(done);
        events.add(summaryPart(events.start("response.reasoning_summary_part.done"), item, index, text));
        events.add(itemDone(events, index, item));
    }

    private static void messageEvents(Events events, int index, ObjectNode item, String text, int parts) {
        ObjectNode added = events.start("response.output_item.added");
        added.put("output_index", index);
        added.set("item", Json.object().put("id", itemId(item)).put("type", "message").put("role", "assistant")
                .put("status", "in_progress").set("content", Json.array()));
        events.add(added);
        events.add(contentPart(events.start("response.content_part.added"), item, index, ""));
        for (String delta : Chunks.split(text, parts)) {
            ObjectNode event = located(events.start("response.output_text.delta"), item, index);
            event.put("content_index", 0).put("delta", delta).set("logprobs", Json.array());
            events.add(event);
        }
        ObjectNode done = located(events.start("response.output_text.done"), item, index);
        done.put("content_index", 0).put("text", text).set("logprobs", Json.array());
        events.add(done);
        events.add(contentPart(events.start("response.content_part.done"), item, index, text));
        events.add(itemDone(events, index, item));
    }

    private static void functionCallEvents(Events events, int index, ObjectNode item, Piece.ToolCall call,
            int parts) {
        ObjectNode added = events.start("response.output_item.added");
        added.put("output_index", index);
        ObjectNode opening = item.deepCopy();
        opening.put("status", "in_progress").put("arguments", "");
        added.set("item", opening);
        events.add(added);
        for (String delta : Chunks.split(call.argumentsJson(), parts)) {
            ObjectNode event = located(events.start("response.function_call_arguments.delta"), item, index);
            event.put("delta", delta);
            events.add(event);
        }
        ObjectNode done = located(events.start("response.function_call_arguments.done"), item, index);
        done.put("name", call.name()).put("arguments", call.argumentsJson());
        events.add(done);
        events.add(itemDone(events, index, item));
    }

    private static ObjectNode itemDone(Events events, int index, ObjectNode item) {
        ObjectNode done = events.start("response.output_item.done");
        done.put("output_index", index);
        done.set("item", item);
        return done;
    }

    private static ObjectNode located(ObjectNode event, ObjectNode item, int index) {
        return event.put("item_id", itemId(item)).put("output_index", index);
    }

    private static ObjectNode summaryPart(ObjectNode event, ObjectNode item, int index, String text) {
        located(event, item, index).put("summary_index", 0);
        event.putObject("part").put("type", "summary_text").put("text", text);
        return event;
    }

    private static ObjectNode contentPart(ObjectNode event, ObjectNode item, int index, String text) {
        located(event, item, index).put("content_index", 0);
        event.set("part", outputText(text));
        return event;
    }

    /** The completed output items, one per piece, as both the body and {@code output_item.done} carry them. */
    private static List<ObjectNode> items(Turn turn) {
        List<ObjectNode> items = new ArrayList<>();
        List<Piece> pieces = turn.reply().pieces();
        int toolIndex = 0;
        for (int i = 0; i < pieces.size(); i++) {
            items.add(switch (pieces.get(i)) {
                case Piece.Thinking(String text) -> {
                    ObjectNode item = Json.object().put("id", turn.itemId("rs_", i)).put("type", "reasoning");
                    item.putArray("summary").addObject().put("type", "summary_text").put("text", text);
                    yield item;
                }
                case Piece.Text(String text) -> {
                    ObjectNode item = Json.object().put("id", turn.itemId("msg_", i)).put("type", "message")
                            .put("role", "assistant").put("status", "completed");
                    item.putArray("content").add(outputText(text).set("logprobs", Json.array()));
                    yield item;
                }
                case Piece.ToolCall call -> Json.object().put("id", turn.itemId("fc_", i))
                        .put("type", "function_call").put("status", "completed")
                        .put("call_id", turn.toolCallId("call_", toolIndex++, call))
                        .put("name", call.name()).put("arguments", call.argumentsJson());
            });
        }
        return items;
    }

    private static ObjectNode outputText(String text) {
        ObjectNode part = Json.object().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        return part;
    }

    private static ObjectNode response(Turn turn, String status, List<ObjectNode> items, Optional<Usage> usage) {
        ObjectNode root = Json.object();
        root.put("id", turn.id("resp_"));
        root.put("object", "response");
        root.put("created_at", turn.createdSeconds());
        root.put("status", status);
        root.putNull("error");
        if ("incomplete".equals(status)) {
            root.putObject("incomplete_details").put("reason", "max_output_tokens");
        } else {
            root.putNull("incomplete_details");
        }
        root.put("model", turn.model());
        ArrayNode output = root.putArray("output");
        items.forEach(output::add);
        root.put("parallel_tool_calls", true);
        root.put("tool_choice", "auto");
        root.putArray("tools");
        root.put("store", false);
        root.put("temperature", 1.0);
        root.put("top_p", 1.0);
        root.putObject("text").putObject("format").put("type", "text");
        usage.ifPresentOrElse(u -> root.set("usage", usage(u)), () -> root.putNull("usage"));
        return root;
    }

    private static ObjectNode usage(Usage usage) {
        ObjectNode node = Json.object();
        node.put("input_tokens", usage.inputTokens());
        ObjectNode input = node.putObject("input_tokens_details").put("cached_tokens", usage.cacheReadTokens());
        if (usage.cacheWriteTokens() > 0) {
            input.put("cache_write_tokens", usage.cacheWriteTokens());
        }
        node.put("output_tokens", usage.outputTokens());
        node.putObject("output_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
        node.put("total_tokens", usage.totalTokens());
        return node;
    }

    private static String terminalStatus(Reply reply) {
        return switch (reply.finish()) {
            case STOP, TOOL_USE -> "completed";
            case LENGTH -> "incomplete";
        };
    }

    private static String itemId(ObjectNode item) {
        return item.get("id").asString();
    }
}
