package dev.parley.core.codec.anthropic;

import dev.parley.core.codec.Json;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Anthropic errors ({@code {"type":"error","error":{"type","message"}}}, §3.8) in Parley's terms. The message is
 * kept word for word: Claude Code recognizes context overflow by it (H12). Never throws, whatever the body.
 */
final class Errors {

    private static final int SNIPPET = 300;

    private Errors() {
    }

    static ApiError parse(int status, byte[] body) {
        JsonNode root = tree(body);
        JsonNode error = root.path("error");
        String message = error.isString() ? error.stringValue() : Fields.text(error, "message");
        if (message.isEmpty()) {
            message = fallbackMessage(status, body, root);
        }
        return ApiError.of(kind(status, Fields.text(error, "type"), message), message);
    }

    /** An {@code event: error} inside a stream: no status, only the body's type. */
    static ApiError inStream(JsonNode data) {
        JsonNode error = data.path("error");
        String message = Fields.text(error, "message");
        return ApiError.of(kind(0, Fields.text(error, "type"), message),
                message.isEmpty() ? "The upstream reported an error in the stream." : message);
    }

    static ErrorKind kind(int status, String type, String message) {
        if (overflow(message)) {
            return ErrorKind.CONTEXT_LENGTH;
        }
        if (status == 529) {
            return ErrorKind.OVERLOADED;
        }
        return switch (type) {
            case "invalid_request_error" -> ErrorKind.INVALID_REQUEST;
            case "authentication_error" -> ErrorKind.AUTHENTICATION;
            case "billing_error" -> ErrorKind.BILLING;
            case "permission_error" -> ErrorKind.PERMISSION;
            case "not_found_error" -> ErrorKind.NOT_FOUND;
            case "request_too_large" -> ErrorKind.PAYLOAD_TOO_LARGE;
            case "rate_limit_error" -> ErrorKind.RATE_LIMITED;
            case "overloaded_error" -> ErrorKind.OVERLOADED;
            case "timeout_error" -> ErrorKind.TIMEOUT;
            // The catch-all type says less than the status: a 503 with api_error is still "overloaded".
            case "api_error" -> byStatus(status);
            default -> byStatus(status);
        };
    }

    private static ErrorKind byStatus(int status) {
        return ErrorKind.ofStatus(status);
    }

    /** The two wordings Claude Code reacts to (compaction, a smaller max_tokens) and their kin. */
    private static boolean overflow(String message) {
        String text = message.toLowerCase(Locale.ROOT);
        return text.contains("prompt is too long") || text.contains("exceed context limit")
                || text.contains("context window") && text.contains("exceed");
    }

    private static JsonNode tree(byte[] body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (JacksonException | IllegalArgumentException e) {
            return MissingNode.getInstance();
        }
    }

    /** A body that is not Anthropic's shape (a proxy's HTML page, plain text): a short, readable excerpt. */
    private static String fallbackMessage(int status, byte[] body, JsonNode root) {
        String text = root.isMissingNode() ? new String(body, StandardCharsets.UTF_8).strip() : Fields.text(root, "message");
        if (text.length() > SNIPPET) {
            text = text.substring(0, SNIPPET) + "…";
        }
        return "The upstream answered HTTP " + status + (text.isEmpty() ? "." : ": " + text);
    }
}
