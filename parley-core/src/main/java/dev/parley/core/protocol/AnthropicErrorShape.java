package dev.parley.core.protocol;

import dev.parley.core.json.JsonText;

/** Anthropic's {@code {"type":"error","error":{type,message}}}; 529 for overload, as its SDKs expect. */
public enum AnthropicErrorShape implements ErrorShape {
    INSTANCE;

    @Override
    public byte[] streamEvent(ApiError error) {
        return ErrorShape.sse("error", body(error));
    }

    @Override
    public int status(ErrorKind kind) {
        return switch (kind) {
            case INVALID_REQUEST, UNPROCESSABLE, CONTEXT_LENGTH -> 400;
            case CONFLICT -> 409;
            case IDEMPOTENCY_MISMATCH -> 422;
            case AUTHENTICATION -> 401;
            case BILLING, BUDGET_EXCEEDED -> 402;
            case PERMISSION -> 403;
            case NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case PAYLOAD_TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
            case OVERLOADED -> 529;
            case UNAVAILABLE -> 503;
            case UPSTREAM -> 502;
            case TIMEOUT -> 504;
            case CLIENT_TIMEOUT -> 408;
            case INTERNAL -> 500;
        };
    }

    private static String type(ErrorKind kind) {
        return switch (kind) {
            case INVALID_REQUEST, UNPROCESSABLE, CONFLICT, IDEMPOTENCY_MISMATCH, CONTEXT_LENGTH, METHOD_NOT_ALLOWED,
                 CLIENT_TIMEOUT ->
                    "invalid_request_error";
            case AUTHENTICATION -> "authentication_error";
            case BILLING, BUDGET_EXCEEDED -> "billing_error";
            case PERMISSION -> "permission_error";
            case NOT_FOUND -> "not_found_error";
            case PAYLOAD_TOO_LARGE -> "request_too_large";
            case RATE_LIMITED -> "rate_limit_error";
            case OVERLOADED, UNAVAILABLE -> "overloaded_error";
            case TIMEOUT -> "timeout_error";
            case UPSTREAM, INTERNAL -> "api_error";
        };
    }

    @Override
    public String body(ApiError error) {
        return "{\"type\":\"error\",\"error\":{\"type\":" + JsonText.quote(type(error.kind()))
                + ",\"message\":" + JsonText.quote(message(error)) + "}}";
    }

    private static String message(ApiError error) {
        return error.kind() == ErrorKind.CONTEXT_LENGTH ? ContextOverflow.forAnthropic(error.message()) : error.message();
    }
}
