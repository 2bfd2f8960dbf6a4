package dev.parley.testkit;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Renders the protocol-neutral script in one provider protocol, byte for byte as that provider would. */
sealed interface Wire permits OpenAiChatWire, ResponsesWire, AnthropicWire, GeminiWire {

    /** The non-streaming response body. */
    Buffer body(Turn turn);

    /** Every event of the streamed response in order, the protocol's terminator included. */
    List<Buffer> stream(Turn turn);

    /**
     * The in-band error a provider sends inside a 200 stream; {@code eventsSent} numbers Responses events. The message
     * is the provider's stock text unless given.
     */
    Buffer streamError(Turn turn, int eventsSent, Optional<String> message);

    /** An HTTP error in the protocol's own body shape; the message is the provider's stock text unless given. */
    ErrorResponse error(Fault.Status fault, String requestId, java.time.Instant now);

    /** Headers every response of this protocol carries, such as its request id. */
    Map<String, String> headers(String requestId);

    default String jsonContentType() {
        return "application/json";
    }

    default String streamContentType() {
        return "text/event-stream; charset=utf-8";
    }

    static Wire of(WireFormat format) {
        return switch (format) {
            case OPENAI_CHAT -> OpenAiChatWire.INSTANCE;
            case OPENAI_RESPONSES -> ResponsesWire.INSTANCE;
            case ANTHROPIC -> AnthropicWire.INSTANCE;
            case GEMINI -> GeminiWire.INSTANCE;
        };
    }
}
