package dev.parley.core.config;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;

/** The upstream APIs Parley can call. */
public enum ProviderType {
    OPENAI("openai"),
    /** Any server that speaks the OpenAI API: vLLM, Ollama, OpenRouter, Groq and so on. */
    OPENAI_COMPATIBLE("openai-compatible"),
    ANTHROPIC("anthropic"),
    GEMINI("gemini");

    private final String wireName;

    ProviderType(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in configuration files, e.g. {@code openai-compatible}. */
    public String wireName() {
        return wireName;
    }

    public static Optional<ProviderType> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(wireName)).findFirst();
    }

    /**
     * Where the provider's public API lives; empty for {@link #OPENAI_COMPATIBLE}, which has no single home, so a
     * configuration must name the server.
     */
    public Optional<URI> defaultBaseUrl() {
        return switch (this) {
            case OPENAI -> Optional.of(URI.create("https://api.openai.com/v1"));
            case ANTHROPIC -> Optional.of(URI.create("https://api.anthropic.com"));
            case GEMINI -> Optional.of(URI.create("https://generativelanguage.googleapis.com"));
            case OPENAI_COMPATIBLE -> Optional.empty();
        };
    }

    /**
     * Whether calls need an API key. Self-hosted OpenAI-compatible servers often accept anonymous calls; the
     * vendors' own APIs never do, so a missing key there is a mistake worth failing on at startup.
     */
    public boolean requiresKey() {
        return switch (this) {
            case OPENAI, ANTHROPIC, GEMINI -> true;
            case OPENAI_COMPATIBLE -> false;
        };
    }

    static String wireNames() {
        return String.join(", ", Arrays.stream(values()).map(ProviderType::wireName).toList());
    }
}
