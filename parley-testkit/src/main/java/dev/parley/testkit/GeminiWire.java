package dev.parley.testkit;

import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gemini {@code generateContent}: one candidate whose parts are the reply's pieces. Streamed, every SSE event is a
 * whole {@code GenerateContentResponse} on one {@code data:} line with no terminator; text arrives in deltas,
 * function calls whole, and the last event carries {@code finishReason} and the final usage. Function calls end
 * with {@code STOP}, as Gemini has no tool-call reason.
 */
final class GeminiWire implements Wire {

    static final GeminiWire INSTANCE = new GeminiWire();

    private GeminiWire() {}

    @Override
    public Buffer body(Turn turn) {
        ArrayNode parts = Json.array();
        for (Piece piece : turn.reply().pieces()) {
            parts.add(switch (piece) {
                case Piece.Text(String text) -> textPart(text);
                case Piece.Thinking(String text) -> thoughtPart(text);
                case Piece.ToolCall call -> functionCallPart(call);
            });
        }
        return Json.buffer(response(turn, parts, true));
    }

    @Override
    public List<Buffer> stream(Turn turn) {
        List<ArrayNode> chunks = new ArrayList<>();
        int parts = turn.reply().pacing().textChunks();
        for (Piece piece : turn.reply().pieces()) {
            switch (piece) {
                case Piece.Text(String text) -> Chunks.split(text, parts)
                        .forEach(delta -> chunks.add(Json.array().add(textPart(delta))));
                case Piece.Thinking(String text) -> Chunks.split(text, parts)
                        .forEach(delta -> chunks.add(Json.array().add(thoughtPart(delta))));
                case Piece.ToolCall call -> chunks.add(Json.array().add(functionCallPart(call)));
            }
        }
        if (chunks.isEmpty()) {
            chunks.add(Json.array().add(textPart("")));
        }
        List<Buffer> frames = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            frames.add(Sse.data(response(turn, chunks.get(i), i == chunks.size() - 1)));
        }
        return frames;
    }

    /** A bare Google error document as its own event: what js-genai raises as {@code ApiError} mid-stream. */
    @Override
    public Buffer streamError(Turn turn, int eventsSent, Optional<String> message) {
        return Sse.data(errorBody(500, message.orElse("Internal error encountered."), "INTERNAL"));
    }

    /** Gemini sends no {@code retry-after} header: the delay travels in the body as {@code RetryInfo}. */
    @Override
    public ErrorResponse error(Fault.Status fault, String requestId, Instant now) {
        int status = fault.status();
        ObjectNode body = errorBody(status, fault.message().orElse(stockMessage(status)), statusName(status));
        if (status == 429) {
            ArrayNode details = ((ObjectNode) body.get("error")).putArray("details");
            fault.retryAfter().delayFrom(now).ifPresent(delay -> details.addObject()
                    .put("@type", "type.googleapis.com/google.rpc.RetryInfo")
                    .put("retryDelay", protobufDuration(delay)));
            details.addObject().put("@type", "type.googleapis.com/google.rpc.QuotaFailure").putArray("violations")
                    .addObject().put("quotaMetric", "generativelanguage.googleapis.com/generate_content_requests")
                    .put("quotaId", "GenerateRequestsPerMinutePerProjectPerModel");
        }
        return new ErrorResponse(status, Map.of(), Json.buffer(body));
    }

    @Override
    public Map<String, String> headers(String requestId) {
        return Map.of();
    }

    @Override
    public String jsonContentType() {
        return "application/json; charset=UTF-8";
    }

    @Override
    public String streamContentType() {
        return "text/event-stream";
    }

    static ObjectNode errorBody(int code, String message, String status) {
        ObjectNode root = Json.object();
        root.putObject("error").put("code", code).put("message", message).put("status", status);
        return root;
    }

    private static ObjectNode textPart(String text) {
        return Json.object().put("text", text);
    }

    private static ObjectNode thoughtPart(String text) {
        return Json.object().put("text", text).put("thought", true);
    }

    /** Whole, with {@code args} as an object; an {@code id} only when the script gave one. */
    private static ObjectNode functionCallPart(Piece.ToolCall call) {
        ObjectNode functionCall = Json.object();
        call.id().ifPresent(id -> functionCall.put("id", id));
        functionCall.put("name", call.name());
        functionCall.set("args", call.arguments());
        ObjectNode part = Json.object();
        part.set("functionCall", functionCall);
        return part;
    }

    private static ObjectNode response(Turn turn, ArrayNode parts, boolean last) {
        ObjectNode root = Json.object();
        ObjectNode candidate = root.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        content.put("role", "model");
        content.set("parts", parts);
        if (last) {
            candidate.put("finishReason", finishReason(turn.reply().finish()));
        }
        candidate.put("index", 0);
        root.set("usageMetadata", last ? usage(turn.reply().usage()) : promptUsage(turn.reply().usage()));
        root.put("modelVersion", turn.model());
        root.put("responseId", turn.id(""));
        return root;
    }

    /** Gemini omits zero counts; {@code candidatesTokenCount} excludes thoughts, the total includes them. */
    private static ObjectNode usage(Usage usage) {
        ObjectNode node = Json.object().put("promptTokenCount", usage.inputTokens());
        if (usage.cacheReadTokens() > 0) {
            node.put("cachedContentTokenCount", usage.cacheReadTokens());
        }
        node.put("candidatesTokenCount", usage.outputTokens() - usage.reasoningTokens());
        if (usage.reasoningTokens() > 0) {
            node.put("thoughtsTokenCount", usage.reasoningTokens());
        }
        node.put("totalTokenCount", usage.totalTokens());
        node.putArray("promptTokensDetails").addObject().put("modality", "TEXT")
                .put("tokenCount", usage.inputTokens());
        return node;
    }

    /** Usage is cumulative in a Gemini stream: before the end only the prompt is known. */
    private static ObjectNode promptUsage(Usage usage) {
        return Json.object().put("promptTokenCount", usage.inputTokens())
                .put("totalTokenCount", usage.inputTokens());
    }

    private static String finishReason(Finish finish) {
        return switch (finish) {
            case STOP, TOOL_USE -> "STOP";
            case LENGTH -> "MAX_TOKENS";
        };
    }

    private static String protobufDuration(Duration delay) {
        long seconds = delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0);
        return seconds + "s";
    }

    static String statusName(int status) {
        return switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 409 -> "ABORTED";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 499 -> "CANCELLED";
            case 501 -> "UNIMPLEMENTED";
            case 503, 529 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> status < 500 ? "FAILED_PRECONDITION" : "INTERNAL";
        };
    }

    private static String stockMessage(int status) {
        return switch (status) {
            case 400 -> "Request contains an invalid argument.";
            case 404 -> "Requested entity was not found.";
            case 429 -> "Resource has been exhausted (e.g. check quota).";
            case 503, 529 -> "The model is overloaded. Please try again later.";
            case 504 -> "Deadline expired before operation could complete.";
            default -> status < 500 ? "Request failed with status " + status + "." : "Internal error encountered.";
        };
    }
}
