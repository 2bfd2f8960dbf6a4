package dev.parley.core.protocol;

import dev.parley.core.json.JsonText;

/** Google's {@code {"error":{code,message,status,details}}}, with RetryInfo when a retry delay is known. */
public enum GeminiErrorShape implements ErrorShape {
    INSTANCE;

    @Override
    public byte[] streamEvent(ApiError error) {
        return ErrorShape.sse("", body(error));
    }

    @Override
    public int status(ErrorKind kind) {
        return switch (kind) {
            // A budget is a precondition the request cannot meet, not a quota to retry (429).
            case INVALID_REQUEST, UNPROCESSABLE, CONTEXT_LENGTH, PAYLOAD_TOO_LARGE, BUDGET_EXCEEDED -> 400;
            case CONFLICT -> 409;
            case IDEMPOTENCY_MISMATCH -> 422;
            case AUTHENTICATION -> 401;
            case PERMISSION -> 403;
            case NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case BILLING, RATE_LIMITED -> 429;
            case OVERLOADED, UNAVAILABLE -> 503;
            case UPSTREAM -> 502;
            case TIMEOUT -> 504;
            case CLIENT_TIMEOUT -> 408;
            case INTERNAL -> 500;
        };
    }

    private static String statusName(ErrorKind kind, int code) {
        if (kind == ErrorKind.BUDGET_EXCEEDED) {
            return "FAILED_PRECONDITION";
        }
        return switch (code) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 405 -> "UNIMPLEMENTED";
            case 408 -> "DEADLINE_EXCEEDED";
            case 409 -> "ABORTED";
            case 422 -> "FAILED_PRECONDITION";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> "INTERNAL";
        };
    }

    @Override
    public String body(ApiError error) {
        int code = status(error.kind());
        String details = error.retryAfter()
                .map(d -> ",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\""
                        + Math.max(1, d.toSeconds()) + "s\"}]")
                .orElse("");
        return "{\"error\":{\"code\":" + code + ",\"message\":" + JsonText.quote(error.message())
                + ",\"status\":\"" + statusName(error.kind(), code) + "\"" + details + "}}";
    }
}
