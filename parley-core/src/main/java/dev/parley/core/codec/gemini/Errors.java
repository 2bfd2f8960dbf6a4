package dev.parley.core.codec.gemini;

import dev.parley.core.codec.Json;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Google's error JSON ({@code {"error":{code,message,status,details}}}, spec 4.6) in Parley's terms. The
 * provider's message is kept word for word, since clients recognize errors by it (H12); the kind comes from
 * the {@code status} name, the details and the HTTP status, in that order; a {@code RetryInfo} delay is kept.
 */
final class Errors {

    private static final Pattern DELAY = Pattern.compile("(\\d+(?:\\.\\d+)?)s");
    private static final int EXCERPT = 200;

    private Errors() {
    }

    /** Never throws: a body that is not Google's error JSON still gives an error with the HTTP status's kind. */
    static ApiError parse(int status, byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JacksonException | IllegalArgumentException e) {
            root = null;
        }
        // Streaming endpoints called without alt=sse answer errors as a one-element array.
        if (root != null && root.isArray() && !root.isEmpty()) {
            root = root.get(0);
        }
        if (root != null && root.path("error").isObject()) {
            return fromError(root.get("error"), status);
        }
        return ApiError.of(kindOfStatus(status), fallbackMessage(status, body));
    }

    /** The {@code error} object of a body or of an in-stream chunk. */
    static ApiError fromError(JsonNode error, int httpStatus) {
        JsonNode status = error.path("code");
        int code = status.isNumber() && status.canConvertToInt() ? status.asInt() : httpStatus;
        String message = error.path("message").asString("");
        if (message.isEmpty()) {
            message = "The Gemini upstream answered HTTP " + code + ".";
        }
        ApiError parsed = ApiError.of(kind(error.path("status").asString(""), code, message, error.path("details")), message);
        Optional<Duration> delay = retryDelay(error.path("details"));
        return delay.map(parsed::withRetryAfter).orElse(parsed);
    }

    private static ErrorKind kind(String status, int code, String message, JsonNode details) {
        if (hasReason(details, "API_KEY_INVALID")) {
            // Google answers a bad key with 400 INVALID_ARGUMENT, not 401.
            return ErrorKind.AUTHENTICATION;
        }
        return switch (status) {
            case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE" ->
                    isContextOverflow(message) ? ErrorKind.CONTEXT_LENGTH : ErrorKind.INVALID_REQUEST;
            case "UNAUTHENTICATED" -> ErrorKind.AUTHENTICATION;
            case "PERMISSION_DENIED" -> ErrorKind.PERMISSION;
            case "NOT_FOUND" -> ErrorKind.NOT_FOUND;
            case "RESOURCE_EXHAUSTED" -> ErrorKind.RATE_LIMITED;
            case "UNAVAILABLE" -> ErrorKind.OVERLOADED;
            case "DEADLINE_EXCEEDED" -> ErrorKind.TIMEOUT;
            case "UNIMPLEMENTED" -> ErrorKind.INVALID_REQUEST;
            case "INTERNAL", "UNKNOWN", "CANCELLED", "ABORTED", "ALREADY_EXISTS", "DATA_LOSS" -> ErrorKind.UPSTREAM;
            default -> code == 400 && isContextOverflow(message) ? ErrorKind.CONTEXT_LENGTH : kindOfStatus(code);
        };
    }

    /** "The input token count (N) exceeds the maximum number of tokens allowed (M)." and its relatives. */
    private static boolean isContextOverflow(String message) {
        String text = message.toLowerCase(Locale.ROOT);
        return (text.contains("token") && (text.contains("exceeds the maximum") || text.contains("too long")
                || text.contains("too many")))
                || text.contains("input token count")
                || text.contains("context window") || text.contains("context length");
    }

    private static boolean hasReason(JsonNode details, String reason) {
        for (JsonNode detail : details.values()) {
            if (reason.equals(detail.path("reason").asString(""))) {
                return true;
            }
        }
        return false;
    }

    /** {@code google.rpc.RetryInfo.retryDelay}: a protobuf Duration such as {@code "12s"} or {@code "1.5s"}. */
    private static Optional<Duration> retryDelay(JsonNode details) {
        for (JsonNode detail : details.values()) {
            Matcher delay = DELAY.matcher(detail.path("retryDelay").asString("").trim());
            if (delay.matches()) {
                double seconds = Double.parseDouble(delay.group(1));
                return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
            }
        }
        return Optional.empty();
    }

    static ErrorKind kindOfStatus(int status) {
        return ErrorKind.ofStatus(status);
    }

    private static String fallbackMessage(int status, byte[] body) {
        String text = new String(body, 0, Math.min(body.length, EXCERPT * 4), StandardCharsets.UTF_8).strip();
        text = text.replaceAll("\\s+", " ");
        if (text.length() > EXCERPT) {
            text = text.substring(0, EXCERPT) + "…";
        }
        return "The Gemini upstream answered HTTP " + status + (text.isEmpty() ? "." : ": " + text);
    }
}
