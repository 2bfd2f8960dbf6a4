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
 * OpenAI Chat Completions: {@code chat.completion} objects and {@code chat.completion.chunk} streams ending in
 * {@code data: [DONE]}. Reasoning goes out as {@code reasoning_content}, the field compatible servers use, since
 * OpenAI itself returns none on this endpoint.
 */
final class OpenAiChatWire implements Wire {

    static final OpenAiChatWire INSTANCE = new OpenAiChatWire();

    private OpenAiChatWire() {}

    @Override
    public Buffer body(Turn turn) {
        Reply reply = turn.reply();
        ObjectNode root = header(turn, "chat.completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.put("finish_reason", finishReason(reply.finish()));
        choice.putNull("logprobs");
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (hasText(reply)) {
            message.put("content", reply.text());
        } else {
            message.putNull("content");
        }
        message.putNull("refusal");
        if (!reply.thinking().isEmpty()) {
            message.put("reasoning_content", reply.thinking());
        }
        if (!reply.toolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            List<Piece.ToolCall> toolCalls = reply.toolCalls();
            for (int k = 0; k < toolCalls.size(); k++) {
                ObjectNode call = calls.addObject();
                call.put("id", turn.toolCallId("call_", k, toolCalls.get(k)));
                call.put("type", "function");
                ObjectNode function = call.putObject("function");
                function.put("name", toolCalls.get(k).name());
                function.put("arguments", toolCalls.get(k).argumentsJson());
            }
        }
        message.putArray("annotations");
        root.set("usage", usage(reply.usage()));
        root.put("service_tier", "default");
        return Json.buffer(root);
    }

    @Override
    public List<Buffer> stream(Turn turn) {
        Reply reply = turn.reply();
        int parts = reply.pacing().textChunks();
        List<Buffer> frames = new ArrayList<>();
        ObjectNode first = Json.object().put("role", "assistant").put("content", "");
        frames.add(chunk(turn, first));
        int toolIndex = 0;
        for (Piece piece : reply.pieces()) {
            switch (piece) {
                case Piece.Text(String text) -> {
                    for (String delta : Chunks.split(text, parts)) {
                        frames.add(chunk(turn, Json.object().put("content", delta)));
                    }
                }
                case Piece.Thinking(String text) -> {
                    for (String delta : Chunks.split(text, parts)) {
                        frames.add(chunk(turn, Json.object().put("reasoning_content", delta)));
                    }
                }
                case Piece.ToolCall call -> toolCallFrames(turn, call, toolIndex++, parts, frames);
            }
        }
        ObjectNode finish = chunkNode(turn, Json.object());
        ((ObjectNode) finish.get("choices").get(0)).put("finish_reason", finishReason(reply.finish()));
        frames.add(Sse.data(finish));
        if (turn.includeUsage()) {
            ObjectNode usageChunk = header(turn, "chat.completion.chunk");
            usageChunk.putArray("choices");
            usageChunk.set("usage", usage(reply.usage()));
            frames.add(Sse.data(usageChunk));
        }
        frames.add(Sse.data("[DONE]"));
        return frames;
    }

    @Override
    public Buffer streamError(Turn turn, int eventsSent, Optional<String> message) {
        return Sse.data(OpenAiErrors.serverError(message));
    }

    @Override
    public ErrorResponse error(Fault.Status fault, String requestId, Instant now) {
        return OpenAiErrors.of(fault, requestId);
    }

    @Override
    public Map<String, String> headers(String requestId) {
        return Map.of("x-request-id", requestId);
    }

    /** {@code id}, {@code type} and the name ride on the first fragment only, exactly as OpenAI sends them. */
    private static void toolCallFrames(Turn turn, Piece.ToolCall call, int index, int parts, List<Buffer> frames) {
        ObjectNode opening = Json.object();
        ObjectNode entry = opening.putArray("tool_calls").addObject();
        entry.put("index", index);
        entry.put("id", turn.toolCallId("call_", index, call));
        entry.put("type", "function");
        entry.putObject("function").put("name", call.name()).put("arguments", "");
        frames.add(chunk(turn, opening));
        for (String fragment : Chunks.split(call.argumentsJson(), parts)) {
            ObjectNode delta = Json.object();
            ObjectNode next = delta.putArray("tool_calls").addObject();
            next.put("index", index);
            next.putObject("function").put("arguments", fragment);
            frames.add(chunk(turn, delta));
        }
    }

    private static Buffer chunk(Turn turn, ObjectNode delta) {
        return Sse.data(chunkNode(turn, delta));
    }

    private static ObjectNode chunkNode(Turn turn, ObjectNode delta) {
        ObjectNode root = header(turn, "chat.completion.chunk");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("finish_reason");
        if (turn.includeUsage()) {
            root.putNull("usage");
        }
        return root;
    }

    private static ObjectNode header(Turn turn, String object) {
        ObjectNode root = Json.object();
        root.put("id", turn.id("chatcmpl-"));
        root.put("object", object);
        root.put("created", turn.createdSeconds());
        root.put("model", turn.model());
        return root;
    }

    static ObjectNode usage(Usage usage) {
        ObjectNode node = Json.object();
        node.put("prompt_tokens", usage.inputTokens());
        node.put("completion_tokens", usage.outputTokens());
        node.put("total_tokens", usage.totalTokens());
        ObjectNode prompt = node.putObject("prompt_tokens_details");
        prompt.put("cached_tokens", usage.cacheReadTokens());
        prompt.put("audio_tokens", 0);
        if (usage.cacheWriteTokens() > 0) {
            prompt.put("cache_write_tokens", usage.cacheWriteTokens());
        }
        ObjectNode completion = node.putObject("completion_tokens_details");
        completion.put("reasoning_tokens", usage.reasoningTokens());
        completion.put("audio_tokens", 0);
        completion.put("accepted_prediction_tokens", 0);
        completion.put("rejected_prediction_tokens", 0);
        return node;
    }

    private static String finishReason(Finish finish) {
        return switch (finish) {
            case STOP -> "stop";
            case LENGTH -> "length";
            case TOOL_USE -> "tool_calls";
        };
    }

    private static boolean hasText(Reply reply) {
        return reply.pieces().stream().anyMatch(Piece.Text.class::isInstance);
    }
}
