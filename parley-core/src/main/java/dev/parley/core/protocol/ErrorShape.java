package dev.parley.core.protocol;

import java.nio.charset.StandardCharsets;

/**
 * One protocol's error vocabulary: the single place that decides the HTTP status and the error body for that
 * protocol's clients, both as a response and as an event inside a stream that has already started.
 */
public sealed interface ErrorShape permits OpenAiErrorShape, AnthropicErrorShape, GeminiErrorShape,
        AdminErrorShape {

    /** The HTTP status this protocol's clients expect for a kind of error. */
    int status(ErrorKind kind);

    /** The JSON error body. */
    String body(ApiError error);

    default RenderedError render(ApiError error) {
        return new RenderedError(status(error.kind()), body(error).getBytes(StandardCharsets.UTF_8), error.retryAfter());
    }

    /** The error as the protocol's in-stream event, with its SSE framing, for a stream already under way. */
    byte[] streamEvent(ApiError error);

    static ErrorShape of(Protocol protocol) {
        return switch (protocol) {
            case OPENAI_CHAT -> OpenAiErrorShape.CHAT;
            case OPENAI_RESPONSES -> OpenAiErrorShape.RESPONSES;
            case ANTHROPIC_MESSAGES -> AnthropicErrorShape.INSTANCE;
            case GEMINI -> GeminiErrorShape.INSTANCE;
        };
    }

    static byte[] sse(String eventName, String json) {
        String event = eventName.isEmpty() ? "data: " + json + "\n\n" : "event: " + eventName + "\ndata: " + json + "\n\n";
        return event.getBytes(StandardCharsets.UTF_8);
    }
}
