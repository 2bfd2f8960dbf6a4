package dev.parley.testkit;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic Messages: a {@code message} object, or the named event stream {@code message_start}, {@code ping},
 * one {@code content_block_start/delta/stop} run per piece, {@code message_delta}, {@code message_stop}.
 * Usage follows Anthropic's split: {@code input_tokens} excludes cache reads and writes.
 */
final class AnthropicWire implements Wire {

    static final AnthropicWire INSTANCE = new AnthropicWire();

    private AnthropicWire() {}

    /** An Anthropic error type with the stock message Anthropic sends with it. */
    private record Kind(String type, String message) {}

    @Override
    public Buffer body(Turn turn) {
        ObjectNode message = message(turn);
        ArrayNode content = message.putArray("content");
        List<Piece> pieces = turn.reply().pieces();
        int toolIndex = 0;
        for (int i = 0; i < pieces.size(); i++) {
            content.add(switch (pieces.get(i)) {
                case Piece.Thinking(String text) -> Json.object().put("type", "thinking").put("thinking", text)
                        .put("signature", signature(turn, i));
                case Piece.Text(String text) -> Json.object().put("type", "text").put("text", text);
                case Piece.ToolCall call -> toolUse(turn, call, toolIndex++).set("input", call.arguments());
            });
        }
        message.put("stop_reason", stopReason(turn.reply().finish()));
        message.putNull("stop_sequence");
        message.set("usage", fullUsage(turn.reply().usage()));
        return Json.buffer(message);
    }

    @Override
    public List<Buffer> stream(Turn turn) {
        Usage usage = turn.reply().usage();
        List<Buffer> frames = new ArrayList<>();
        ObjectNode start = Json.object().put("type", "message_start");
        ObjectNode message = message(turn);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", startUsage(usage));
        start.set("message", message);
        frames.add(Sse.event("message_start", start));
        frames.add(Sse.event("ping", Json.object().put("type", "ping")));
        List<Piece> pieces = turn.reply().pieces();
        int parts = turn.reply().pacing().textChunks();
        int toolIndex = 0;
        for (int i = 0; i < pieces.size(); i++) {
            switch (pieces.get(i)) {
                case Piece.Thinking(String text) -> {
                    blockStart(frames, i,
                            Json.object().put("type", "thinking").put("thinking", "").put("signature", ""));
                    for (String delta : Chunks.split(text, parts)) {
                        blockDelta(frames, i, Json.object().put("type", "thinking_delta").put("thinking", delta));
                    }
                    blockDelta(frames, i,
                            Json.object().put("type", "signature_delta").put("signature", signature(turn, i)));
                }
                case Piece.Text(String text) -> {
                    blockStart(frames, i, Json.object().put("type", "text").put("text", ""));
                    for (String delta : Chunks.split(text, parts)) {
                        blockDelta(frames, i, Json.object().put("type", "text_delta").put("text", delta));
                    }
                }
                case Piece.ToolCall call -> {
                    blockStart(frames, i, toolUse(turn, call, toolIndex++).set("input", Json.object()));
                    blockDelta(frames, i, inputJson(""));
                    for (String fragment : Chunks.split(call.argumentsJson(), parts)) {
                        blockDelta(frames, i, inputJson(fragment));
                    }
                }
            }
            ObjectNode stop = Json.object().put("type", "content_block_stop").put("index", i);
            frames.add(Sse.event("content_block_stop", stop));
        }
        ObjectNode delta = Json.object().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", stopReason(turn.reply().finish())).putNull("stop_sequence");
        delta.putObject("usage").put("output_tokens", usage.outputTokens());
        frames.add(Sse.event("message_delta", delta));
        frames.add(Sse.event("message_stop", Json.object().put("type", "message_stop")));
        return frames;
    }

    @Override
    public Buffer streamError(Turn turn, int eventsSent, Optional<String> message) {
        ObjectNode error = Json.object().put("type", "error");
        error.putObject("error").put("type", "overloaded_error").put("message", message.orElse("Overloaded"));
        return Sse.event("error", error);
    }

    @Override
    public ErrorResponse error(Fault.Status fault, String requestId, Instant now) {
        Kind kind = kind(fault.status());
        ObjectNode body = Json.object().put("type", "error");
        body.putObject("error").put("type", kind.type()).put("message", fault.message().orElse(kind.message()));
        body.put("request_id", requestId);
        Map<String, String> headers = new LinkedHashMap<>(headers(requestId));
        fault.retryAfter().headerValue().ifPresent(value -> headers.put("retry-after", value));
        return new ErrorResponse(fault.status(), headers, Json.buffer(body));
    }

    @Override
    public Map<String, String> headers(String requestId) {
        return Map.of("request-id", requestId);
    }

    private static ObjectNode message(Turn turn) {
        return Json.object().put("id", turn.id("msg_")).put("type", "message").put("role", "assistant")
                .put("model", turn.model());
    }

    private static ObjectNode toolUse(Turn turn, Piece.ToolCall call, int toolIndex) {
        return Json.object().put("type", "tool_use").put("id", turn.toolCallId("toolu_", toolIndex, call))
                .put("name", call.name());
    }

    private static ObjectNode inputJson(String fragment) {
        return Json.object().put("type", "input_json_delta").put("partial_json", fragment);
    }

    private static void blockStart(List<Buffer> frames, int index, ObjectNode block) {
        ObjectNode event = Json.object().put("type", "content_block_start").put("index", index);
        event.set("content_block", block);
        frames.add(Sse.event("content_block_start", event));
    }

    private static void blockDelta(List<Buffer> frames, int index, ObjectNode delta) {
        ObjectNode event = Json.object().put("type", "content_block_delta").put("index", index);
        event.set("delta", delta);
        frames.add(Sse.event("content_block_delta", event));
    }

    /** Real signatures are opaque provider blobs; a recognisable fake one lets tests see it carried back. */
    private static String signature(Turn turn, int index) {
        String raw = "parley-fake-signature:" + turn.itemId("", index);
        return Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The provisional usage of {@code message_start}: input is final, output is not known yet. */
    private static ObjectNode startUsage(Usage usage) {
        return Json.object().put("input_tokens", usage.uncachedInputTokens())
                .put("cache_creation_input_tokens", usage.cacheWriteTokens())
                .put("cache_read_input_tokens", usage.cacheReadTokens())
                .put("output_tokens", Math.min(1, usage.outputTokens()));
    }

    private static ObjectNode fullUsage(Usage usage) {
        ObjectNode node = Json.object().put("input_tokens", usage.uncachedInputTokens())
                .put("cache_creation_input_tokens", usage.cacheWriteTokens())
                .put("cache_read_input_tokens", usage.cacheReadTokens());
        node.putObject("cache_creation").put("ephemeral_5m_input_tokens", usage.cacheWriteTokens())
                .put("ephemeral_1h_input_tokens", 0);
        node.put("output_tokens", usage.outputTokens());
        node.put("service_tier", "standard");
        return node;
    }

    private static String stopReason(Finish finish) {
        return switch (finish) {
            case STOP -> "end_turn";
            case LENGTH -> "max_tokens";
            case TOOL_USE -> "tool_use";
        };
    }

    private static Kind kind(int status) {
        return switch (status) {
            case 400 -> new Kind("invalid_request_error", "Invalid request.");
            case 401 -> new Kind("authentication_error", "invalid x-api-key");
            case 402 -> new Kind("billing_error", "Your credit balance is too low to access the Anthropic API.");
            case 403 -> new Kind("permission_error",
                    "Your API key does not have permission to use the specified resource.");
            case 404 -> new Kind("not_found_error", "The requested resource could not be found.");
            case 413 -> new Kind("request_too_large", "Request exceeds the maximum allowed number of bytes.");
            case 429 -> new Kind("rate_limit_error",
                    "This request would exceed the rate limit for your organization. Please try again later.");
            case 504 -> new Kind("timeout_error", "Request timed out.");
            case 529 -> new Kind("overloaded_error", "Overloaded");
            default -> status < 500
                    ? new Kind("invalid_request_error", "Request failed with status " + status + ".")
                    : new Kind("api_error", "Internal server error");
        };
    }
}
