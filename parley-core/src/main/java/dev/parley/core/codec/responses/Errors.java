package dev.parley.core.codec.responses;

import dev.parley.core.codec.Json;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI errors both ways: an upstream's error body or in-stream failure as an {@link ApiError} (its message
 * kept word for word, H12), and an {@link ApiError} as the {@code response.error} Codex acts on.
 */
final class Errors {

    private static final Pattern TRY_AGAIN =
            Pattern.compile("try again in\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|sec|seconds?)\\b", Pattern.CASE_INSENSITIVE);

    private Errors() {
    }

    /** An upstream's HTTP error; never throws, whatever the body. */
    static ApiError parse(int status, byte[] body) {
        JsonNode error = errorObject(body);
        String message = Fields.text(error, "message").filter(m -> !m.isBlank())
                .orElse("The upstream answered HTTP " + status + ".");
        Optional<String> code = Fields.text(error, "code");
        Optional<String> type = Fields.text(error, "type");
        ErrorKind kind = kind(status, code.orElse(""), type.orElse(""), message);
        return build(kind, message, code, Fields.text(error, "param"));
    }

    /** A {@code response.failed} or {@code error} event's error object. */
    static ApiError inStream(JsonNode error) {
        String message = Fields.text(error, "message").filter(m -> !m.isBlank()).orElse("The upstream response failed.");
        Optional<String> code = Fields.text(error, "code");
        ErrorKind kind = kind(0, code.orElse(""), Fields.text(error, "type").orElse(""), message);
        return build(kind, message, code, Fields.text(error, "param"));
    }

    private static ApiError build(ErrorKind kind, String message, Optional<String> code, Optional<String> param) {
        ApiError error = new ApiError(kind, message, code, param, Optional.empty());
        Optional<Duration> delay = retryDelay(message);
        return delay.isPresent() ? error.withRetryAfter(delay.get()) : error;
    }

    /** The error object of an OpenAI error body, a {@code response.failed} body, or a bare error event. */
    private static JsonNode errorObject(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JacksonException | IllegalArgumentException e) {
            return Json.objectNode();
        }
        if (root == null || !root.isObject()) {
            return Json.objectNode();
        }
        if (root.path("error").isObject()) {
            return root.get("error");
        }
        if (root.path("response").path("error").isObject()) {
            return root.get("response").get("error");
        }
        return root;
    }

    private static ErrorKind kind(int status, String code, String type, String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        if (code.equals("context_length_exceeded") || lower.contains("context length") || lower.contains("context window")) {
            return ErrorKind.CONTEXT_LENGTH;
        }
        if (code.equals("insufficient_quota") || type.equals("insufficient_quota")) {
            return ErrorKind.BILLING;
        }
        if (code.equals("rate_limit_exceeded") || type.equals("rate_limit_error") || type.equals("tokens")
                || type.equals("requests")) {
            return ErrorKind.RATE_LIMITED;
        }
        if (type.equals("service_unavailable") || type.equals("overloaded_error") || code.equals("server_is_overloaded")) {
            return ErrorKind.OVERLOADED;
        }
        return byStatus(status, code);
    }

    private static ErrorKind byStatus(int status, String code) {
        if (status == 0) {
            return code.equals("invalid_prompt") ? ErrorKind.INVALID_REQUEST : ErrorKind.UPSTREAM;
        }
        return ErrorKind.ofStatus(status);
    }

    /** OpenAI says when to retry in words: "Please try again in 1.5s" or "in 20ms". */
    static Optional<Duration> retryDelay(String message) {
        Matcher m = TRY_AGAIN.matcher(message);
        if (!m.find()) {
            return Optional.empty();
        }
        double amount = Double.parseDouble(m.group(1));
        long millis = m.group(2).equalsIgnoreCase("ms") ? Math.round(amount) : Math.round(amount * 1000);
        return Optional.of(Duration.ofMillis(millis));
    }

    /** The {@code response.error} of a failed stream, with the codes Codex recognizes. */
    static ObjectNode responseError(ApiError error) {
        ObjectNode out = Json.objectNode();
        out.put("code", code(error.kind()));
        out.put("message", message(error));
        return out;
    }

    private static String code(ErrorKind kind) {
        return switch (kind) {
            case CONTEXT_LENGTH -> "context_length_exceeded";
            case RATE_LIMITED -> "rate_limit_exceeded";
            case BILLING, BUDGET_EXCEEDED -> "insufficient_quota";
            case INVALID_REQUEST, UNPROCESSABLE, CONFLICT, IDEMPOTENCY_MISMATCH, AUTHENTICATION, PERMISSION, NOT_FOUND,
                 METHOD_NOT_ALLOWED, PAYLOAD_TOO_LARGE, OVERLOADED, UPSTREAM, TIMEOUT, CLIENT_TIMEOUT, UNAVAILABLE,
                 INTERNAL -> "server_error";
        };
    }

    /** Codex reads the retry delay of a rate limit from the message's "try again in Ns". */
    private static String message(ApiError error) {
        if (error.kind() != ErrorKind.RATE_LIMITED || error.retryAfter().isEmpty()
                || TRY_AGAIN.matcher(error.message()).find()) {
            return error.message();
        }
        long millis = error.retryAfter().get().toMillis();
        String delay = millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
        return error.message() + (error.message().endsWith(".") ? " " : ". ") + "Please try again in " + delay + ".";
    }
}
