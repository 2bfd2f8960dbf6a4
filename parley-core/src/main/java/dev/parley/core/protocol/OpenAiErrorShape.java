package dev.parley.core.protocol;

import dev.parley.core.json.JsonText;

/** OpenAI's {@code {"error":{message,type,param,code}}}, for Chat Completions and Responses clients. */
public enum OpenAiErrorShape implements ErrorShape {
    CHAT,
    RESPONSES;

    @Override
    public byte[] streamEvent(ApiError error) {
        return switch (this) {
            case CHAT -> ErrorShape.sse("", body(error));
            case RESPONSES -> ErrorShape.sse("error", "{\"type\":\"error\",\"code\":"
                    + error.code().map(JsonText::quote).orElse("null") + ",\"message\":" + JsonText.quote(error.message())
                    + ",\"param\":" + error.param().map(JsonText::quote).orElse("null") + "}");
        };
    }

    @Override
    public int status(ErrorKind kind) {
        return switch (kind) {
            case INVALID_REQUEST, UNPROCESSABLE, CONTEXT_LENGTH -> 400;
            case CONFLICT -> 409;
            case IDEMPOTENCY_MISMATCH -> 422;
            case AUTHENTICATION -> 401;
            case BILLING, RATE_LIMITED -> 429;
            case PERMISSION -> 403;
            // Not 429 like OpenAI's own quota error: the SDKs retry a 429, and waiting does not refill a budget.
            case BUDGET_EXCEEDED -> 402;
            case NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case PAYLOAD_TOO_LARGE -> 413;
            case OVERLOADED, UNAVAILABLE -> 503;
            case UPSTREAM -> 502;
            case TIMEOUT -> 504;
            case CLIENT_TIMEOUT -> 408;
            case INTERNAL -> 500;
        };
    }

    private static String type(ErrorKind kind) {
        return switch (kind) {
            case INVALID_REQUEST, UNPROCESSABLE, CONFLICT, IDEMPOTENCY_MISMATCH, CONTEXT_LENGTH, NOT_FOUND, METHOD_NOT_ALLOWED,
                 PAYLOAD_TOO_LARGE, CLIENT_TIMEOUT -> "invalid_request_error";
            case AUTHENTICATION -> "authentication_error";
            case PERMISSION -> "permission_error";
            case BILLING -> "insufficient_quota";
            case BUDGET_EXCEEDED -> "budget_exceeded";
            case RATE_LIMITED -> "rate_limit_error";
            case OVERLOADED, UNAVAILABLE -> "service_unavailable";
            case UPSTREAM, TIMEOUT, INTERNAL -> "server_error";
        };
    }

    private static String defaultCode(ErrorKind kind) {
        return switch (kind) {
            case CONTEXT_LENGTH -> "context_length_exceeded";
            case AUTHENTICATION -> "invalid_api_key";
            case NOT_FOUND -> "model_not_found";
            case RATE_LIMITED -> "rate_limit_exceeded";
            case BILLING -> "insufficient_quota";
            case BUDGET_EXCEEDED -> "budget_exceeded";
            case PAYLOAD_TOO_LARGE -> "request_too_large";
            case CLIENT_TIMEOUT -> "request_timeout";
            case INVALID_REQUEST, UNPROCESSABLE, CONFLICT, IDEMPOTENCY_MISMATCH, METHOD_NOT_ALLOWED, PERMISSION,
                 OVERLOADED, UPSTREAM, TIMEOUT, UNAVAILABLE, INTERNAL -> "";
        };
    }

    @Override
    public String body(ApiError error) {
        String code = error.code().orElse(defaultCode(error.kind()));
        return "{\"error\":{\"message\":" + JsonText.quote(error.message())
                + ",\"type\":" + JsonText.quote(type(error.kind()))
                + ",\"param\":" + error.param().map(JsonText::quote).orElse("null")
                + ",\"code\":" + (code.isEmpty() ? "null" : JsonText.quote(code)) + "}}";
    }
}
