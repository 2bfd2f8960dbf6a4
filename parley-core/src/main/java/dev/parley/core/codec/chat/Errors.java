package dev.parley.core.codec.chat;

import dev.parley.core.codec.Json;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * An upstream's error ({@code {"error":{"message","type","param","code"}}} and the looser shapes of compatible
 * servers) → {@link ApiError}. The provider's message is kept word for word: clients match on it (H12).
 */
final class Errors {

    /** OpenAI's rate-limit wording: "Please try again in 20s", "in 1.5s", "in 120ms". */
    private static final Pattern RETRY = Pattern.compile("try again in (\\d+(?:\\.\\d+)?)\\s?(ms|s|seconds?)\\b");
    private static final int MAX_RAW_MESSAGE = 500;

    private Errors() {
    }

    /** Never throws: whatever the body, the status alone still gives a kind and a message. */
    static ApiError parse(int status, byte[] body) {
        JsonNode root = tree(body);
        JsonNode error = root.path("error");
        JsonNode fields = error.isObject() ? error : root;
        Optional<String> message = Read.text(fields.path("message")).filter(m -> !m.isBlank())
                .or(() -> Read.text(error).filter(m -> !m.isBlank()))
                .or(() -> Read.text(root.path("detail")).filter(m -> !m.isBlank()))
                .or(() -> rawText(body, root));
        return error(status, fields, message.orElse("The upstream answered with HTTP status " + status + "."));
    }

    /** A top-level {@code error} inside a stream: there is no status, unless the provider put one in {@code code}. */
    static ApiError inStream(JsonNode error) {
        JsonNode fields = error.isObject() ? error : MissingNode.getInstance();
        JsonNode code = fields.path("code");
        int status = code.isIntegralNumber() && code.canConvertToInt() ? code.intValue() : 0;
        String message = Read.text(fields.path("message")).or(() -> Read.text(error)).filter(m -> !m.isBlank())
                .orElse("The upstream reported an error in the stream.");
        return error(status, fields, message);
    }

    private static ApiError error(int status, JsonNode fields, String message) {
        Optional<String> type = word(fields.path("type"));
        Optional<String> code = word(fields.path("code"));
        ErrorKind kind = kind(status, type.orElse(""), code.orElse(""), message);
        ApiError error = new ApiError(kind, message, code.filter(c -> !c.chars().allMatch(Character::isDigit)),
                Read.text(fields.path("param")).filter(p -> !p.isEmpty()), Optional.empty());
        return retryDelay(message).map(error::withRetryAfter).orElse(error);
    }

    static ErrorKind kind(int status, String type, String code, String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        if (code.equals("context_length_exceeded") || type.equals("context_length_exceeded")
                || lower.contains("maximum context length") || lower.contains("context_length_exceeded")) {
            return ErrorKind.CONTEXT_LENGTH;
        }
        if (code.equals("insufficient_quota") || type.equals("insufficient_quota")) {
            return ErrorKind.BILLING;
        }
        if (status == 0) {
            return kindOfType(type);
        }
        return ErrorKind.ofStatus(status);
    }

    private static ErrorKind kindOfType(String type) {
        return switch (type) {
            case "invalid_request_error" -> ErrorKind.INVALID_REQUEST;
            case "authentication_error" -> ErrorKind.AUTHENTICATION;
            case "permission_error" -> ErrorKind.PERMISSION;
            case "rate_limit_error", "rate_limit_exceeded", "requests", "tokens" -> ErrorKind.RATE_LIMITED;
            case "service_unavailable", "overloaded_error", "server_overloaded" -> ErrorKind.OVERLOADED;
            default -> ErrorKind.UPSTREAM;
        };
    }

    private static Optional<Duration> retryDelay(String message) {
        Matcher m = RETRY.matcher(message);
        if (!m.find()) {
            return Optional.empty();
        }
        double amount = Double.parseDouble(m.group(1));
        long millis = Math.round(m.group(2).equals("ms") ? amount : amount * 1000);
        return Optional.of(Duration.ofMillis(millis));
    }

    /** A string or a number (some servers send numeric codes), as text. */
    private static Optional<String> word(JsonNode node) {
        if (node.isString() && !node.stringValue().isEmpty()) {
            return Optional.of(node.stringValue());
        }
        return node.isIntegralNumber() ? Optional.of(node.asString()) : Optional.empty();
    }

    private static JsonNode tree(byte[] body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (RuntimeException e) {
            return MissingNode.getInstance();
        }
    }

    /** A plain-text body is the message; an HTML error page or a JSON shape without a message is not. */
    private static Optional<String> rawText(byte[] body, JsonNode root) {
        if (!root.isMissingNode()) {
            return Optional.empty();
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty() || text.startsWith("<")) {
            return Optional.empty();
        }
        return Optional.of(text.length() > MAX_RAW_MESSAGE ? text.substring(0, MAX_RAW_MESSAGE) + "…" : text);
    }
}
