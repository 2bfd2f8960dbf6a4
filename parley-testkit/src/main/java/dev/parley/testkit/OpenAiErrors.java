package dev.parley.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** OpenAI's error body, shared by Chat, Responses, models and embeddings: {@code {"error":{...}}}. */
final class OpenAiErrors {

    private record Kind(String type, Optional<String> code, String message) {}

    private OpenAiErrors() {}

    static ErrorResponse of(Fault.Status fault, String requestId) {
        Kind kind = kind(fault.status());
        String message = fault.message().orElse(kind.message());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-request-id", requestId);
        fault.retryAfter().headerValue().ifPresent(value -> headers.put("retry-after", value));
        return new ErrorResponse(fault.status(), headers, Json.buffer(body(message, kind.type(), kind.code())));
    }

    static ErrorResponse notFound(String message, String requestId) {
        return of(Fault.status(404).withMessage(message), requestId);
    }

    /** {@code {"error":{"message","type","param":null,"code"}}}, also used inside Chat streams. */
    static ObjectNode body(String message, String type, Optional<String> code) {
        ObjectNode root = Json.object();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        code.ifPresentOrElse(c -> error.put("code", c), () -> error.putNull("code"));
        return root;
    }

    static ObjectNode serverError(Optional<String> message) {
        Kind kind = kind(500);
        return body(message.orElse(kind.message()), kind.type(), kind.code());
    }

    private static Kind kind(int status) {
        return switch (status) {
            case 400 -> new Kind("invalid_request_error", Optional.empty(), "Invalid request.");
            case 401 -> new Kind("invalid_request_error", Optional.of("invalid_api_key"),
                    "Incorrect API key provided.");
            case 403 -> new Kind("invalid_request_error", Optional.empty(),
                    "You are not allowed to sample from this model.");
            case 404 -> new Kind("invalid_request_error", Optional.of("model_not_found"),
                    "The model does not exist or you do not have access to it.");
            case 429 -> new Kind("requests", Optional.of("rate_limit_exceeded"),
                    "Rate limit reached for requests. Please try again later.");
            case 503 -> new Kind("service_unavailable", Optional.empty(),
                    "The server is overloaded or not ready yet.");
            case 529 -> new Kind("server_error", Optional.of("overloaded"),
                    "The engine is currently overloaded, please try again later.");
            default -> status < 500
                    ? new Kind("invalid_request_error", Optional.empty(), "Request failed with status " + status + ".")
                    : new Kind("server_error", Optional.empty(),
                            "The server had an error while processing your request. Sorry about that!");
        };
    }
}
