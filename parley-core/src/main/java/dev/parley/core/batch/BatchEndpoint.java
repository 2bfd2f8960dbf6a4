package dev.parley.core.batch;

import java.util.Arrays;
import java.util.Optional;

/** The model endpoints a batch's items may call, by their path in OpenAI's API. */
public enum BatchEndpoint {
    CHAT_COMPLETIONS("/v1/chat/completions"),
    RESPONSES("/v1/responses"),
    EMBEDDINGS("/v1/embeddings");

    private final String path;

    BatchEndpoint(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }

    public static Optional<BatchEndpoint> of(String path) {
        return Arrays.stream(values()).filter(e -> e.path.equals(path)).findFirst();
    }

    /** The paths, for messages that list what is accepted. */
    public static String known() {
        return String.join(", ", Arrays.stream(values()).map(BatchEndpoint::path).toList());
    }
}
