package dev.parley.core.protocol;

import dev.parley.core.json.JsonText;
import java.nio.charset.StandardCharsets;

/**
 * The admin API's errors, {@code {"error":{"type","message","param"}}}: the one place that picks their statuses.
 * 400 a request Parley cannot read (malformed JSON, a bad query parameter), 401 no valid key, 403 a principal
 * that may not, 404 a thing that does not exist or that the principal may not read (the same answer, so that ids
 * do not leak across teams), 409 a conflict with what exists, 422 a field whose value is refused; {@code param}
 * names the field or parameter.
 */
public enum AdminErrorShape implements ErrorShape {
    INSTANCE;

    @Override
    public int status(ErrorKind kind) {
        return switch (kind) {
            case INVALID_REQUEST, CONTEXT_LENGTH -> 400;
            case AUTHENTICATION -> 401;
            case BILLING, BUDGET_EXCEEDED -> 402;
            case PERMISSION -> 403;
            case NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case CONFLICT -> 409;
            case PAYLOAD_TOO_LARGE -> 413;
            case UNPROCESSABLE, IDEMPOTENCY_MISMATCH -> 422;
            case RATE_LIMITED -> 429;
            case UPSTREAM -> 502;
            case OVERLOADED, UNAVAILABLE -> 503;
            case TIMEOUT -> 504;
            case CLIENT_TIMEOUT -> 408;
            case INTERNAL -> 500;
        };
    }

    private static String type(ErrorKind kind) {
        return switch (kind) {
            case INVALID_REQUEST, CONTEXT_LENGTH, CLIENT_TIMEOUT -> "invalid_request";
            case UNPROCESSABLE, IDEMPOTENCY_MISMATCH -> "invalid_field";
            case AUTHENTICATION -> "authentication";
            case BILLING -> "billing";
            case BUDGET_EXCEEDED -> "budget_exceeded";
            case PERMISSION -> "permission";
            case NOT_FOUND -> "not_found";
            case METHOD_NOT_ALLOWED -> "method_not_allowed";
            case CONFLICT -> "conflict";
            case PAYLOAD_TOO_LARGE -> "too_large";
            case RATE_LIMITED -> "rate_limited";
            case OVERLOADED, UNAVAILABLE -> "unavailable";
            case UPSTREAM, TIMEOUT, INTERNAL -> "internal";
        };
    }

    @Override
    public String body(ApiError error) {
        return "{\"error\":{\"type\":" + JsonText.quote(type(error.kind()))
                + ",\"message\":" + JsonText.quote(error.message())
                + error.param().map(p -> ",\"param\":" + JsonText.quote(p)).orElse("")
                + error.code().map(c -> ",\"code\":" + JsonText.quote(c)).orElse("") + "}}";
    }

    /** The admin API streams only JSON lines (the audit export): an error there is one more line. */
    @Override
    public byte[] streamEvent(ApiError error) {
        return (body(error) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
