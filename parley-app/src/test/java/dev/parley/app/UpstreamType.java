package dev.parley.app;

import dev.parley.core.protocol.Protocol;
import java.nio.file.Path;

/** The four provider types, each configured once in {@link #yaml} in front of the same fake provider. */
enum UpstreamType {
    OPENAI("openai", "/v1"),
    COMPATIBLE("openai-compatible", "/v1"),
    ANTHROPIC("anthropic", ""),
    GEMINI("gemini", "");

    final String type;
    private final String basePath;

    UpstreamType(String type, String basePath) {
        this.type = type;
        this.basePath = basePath;
    }

    /** The model name clients use for this provider. */
    String model() {
        return "m-" + name().toLowerCase();
    }

    /** The provider's name for it. */
    String upstreamModel() {
        return "up-" + name().toLowerCase();
    }

    String provider() {
        return "p-" + name().toLowerCase();
    }

    /** What Parley should speak to this provider for a client of {@code client}. */
    Protocol protocolFor(Protocol client) {
        return switch (this) {
            case OPENAI -> client == Protocol.OPENAI_CHAT ? Protocol.OPENAI_CHAT : Protocol.OPENAI_RESPONSES;
            case COMPATIBLE -> Protocol.OPENAI_CHAT;
            case ANTHROPIC -> Protocol.ANTHROPIC_MESSAGES;
            case GEMINI -> Protocol.GEMINI;
        };
    }

    /** The upstream path a generation request must arrive on. */
    String generationPath(Protocol client, boolean stream) {
        return switch (protocolFor(client)) {
            case OPENAI_CHAT -> "/v1/chat/completions";
            case OPENAI_RESPONSES -> "/v1/responses";
            case ANTHROPIC_MESSAGES -> "/v1/messages";
            case GEMINI -> "/v1beta/models/" + upstreamModel() + (stream ? ":streamGenerateContent" : ":generateContent");
        };
    }

    /** The header that carries the provider key, and its value. */
    String[] authHeader(String providerKey) {
        return switch (this) {
            case OPENAI, COMPATIBLE -> new String[] {"authorization", "Bearer " + providerKey};
            case ANTHROPIC -> new String[] {"x-api-key", providerKey};
            case GEMINI -> new String[] {"x-goog-api-key", providerKey};
        };
    }

    /** Parley with one provider of every type, all in front of the fake at {@code fakeBaseUrl}. */
    static String yaml(String fakeBaseUrl, Path dataDir) {
        StringBuilder providers = new StringBuilder();
        StringBuilder models = new StringBuilder();
        for (UpstreamType t : values()) {
            providers.append("  - {name: ").append(t.provider()).append(", type: ").append(t.type)
                    .append(", base_url: \"").append(fakeBaseUrl).append(t.basePath)
                    .append("\", keys: [\"${UPSTREAM_KEY}\"]}\n");
            models.append("  - {name: ").append(t.model()).append(", routes: [{provider: ").append(t.provider())
                    .append(", model: ").append(t.upstreamModel()).append("}]}\n");
        }
        // One attempt per request, and circuits that never open: these tests pin how each failure itself reaches
        // the client, one after another on the same channels (RetryTest: retries; ChannelHealthTest: circuits).
        return "server: {host: 127.0.0.1, port: 0, data_dir: \"" + dataDir + "\", shutdown_grace: 10s}\n"
                + "retries: {max_attempts: 1}\n"
                + "health: {consecutive_failures: 1000000, minimum_calls: 1000000}\n"
                + "providers:\n" + providers + "models:\n" + models
                + "keys:\n  - {name: ci, key: \"" + TestParley.KEY + "\"}\n"
                + "  - {name: limited, key: \"" + TestParley.LIMITED_KEY + "\", models: [\"m-openai\"]}\n";
    }
}
