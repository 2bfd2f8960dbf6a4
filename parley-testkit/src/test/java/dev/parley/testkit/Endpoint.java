package dev.parley.testkit;

/** The generation endpoint of each protocol, with a minimal valid request, streaming or not. */
enum Endpoint {
    CHAT("/v1/chat/completions", "/v1/chat/completions",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
            "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
    RESPONSES("/v1/responses", "/v1/responses",
            "{\"model\":\"m\",\"input\":\"Hi\"}",
            "{\"model\":\"m\",\"input\":\"Hi\",\"stream\":true}"),
    ANTHROPIC("/v1/messages", "/v1/messages",
            "{\"model\":\"m\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
            "{\"model\":\"m\",\"max_tokens\":64,\"stream\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
    GEMINI("/v1beta/models/m:generateContent", "/v1beta/models/m:streamGenerateContent?alt=sse",
            "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}",
            "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}");

    private final String path;
    private final String streamPath;
    private final String body;
    private final String streamBody;

    Endpoint(String path, String streamPath, String body, String streamBody) {
        this.path = path;
        this.streamPath = streamPath;
        this.body = body;
        this.streamBody = streamBody;
    }

    String path(boolean stream) {
        return stream ? streamPath : path;
    }

    String body(boolean stream) {
        return stream ? streamBody : body;
    }

    /** Whether a raw SSE event is the one that tells a client the stream is complete. */
    boolean isTerminator(String event) {
        return switch (this) {
            case CHAT -> event.equals("data: [DONE]\n\n");
            case RESPONSES -> event.startsWith("event: response.completed\n");
            case ANTHROPIC -> event.startsWith("event: message_stop\n");
            case GEMINI -> event.contains("\"finishReason\"");
        };
    }
}
