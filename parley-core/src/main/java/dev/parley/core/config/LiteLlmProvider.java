package dev.parley.core.config;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;

/**
 * The LiteLLM model prefixes Parley understands ({@code openai/gpt-4o}, {@code groq/llama-3.1-8b-instant}, ...) and
 * what each becomes. Everything except Anthropic and Gemini speaks the OpenAI API.
 */
enum LiteLlmProvider {
    OPENAI("openai", "", "OPENAI_API_KEY"),
    ANTHROPIC("anthropic", "", "ANTHROPIC_API_KEY"),
    GEMINI("gemini", "", "GEMINI_API_KEY"),
    OPENAI_COMPATIBLE("openai_compatible", "", ""),
    HOSTED_VLLM("hosted_vllm", "", ""),
    OLLAMA_CHAT("ollama_chat", "http://localhost:11434/v1", ""),
    OPENROUTER("openrouter", "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY"),
    DEEPSEEK("deepseek", "https://api.deepseek.com/v1", "DEEPSEEK_API_KEY"),
    GROQ("groq", "https://api.groq.com/openai/v1", "GROQ_API_KEY"),
    TOGETHER_AI("together_ai", "https://api.together.xyz/v1", "TOGETHERAI_API_KEY"),
    MISTRAL("mistral", "https://api.mistral.ai/v1", "MISTRAL_API_KEY");

    private static final String OPENAI_HOST = "api.openai.com";

    private final String prefix;
    private final Optional<URI> hostedBaseUrl;
    private final Optional<String> keyVariable;

    LiteLlmProvider(String prefix, String hostedBaseUrl, String keyVariable) {
        this.prefix = prefix;
        this.hostedBaseUrl = Optional.of(hostedBaseUrl).filter(url -> !url.isEmpty()).map(URI::create);
        this.keyVariable = Optional.of(keyVariable).filter(name -> !name.isEmpty());
    }

    String prefix() {
        return prefix;
    }

    static Optional<LiteLlmProvider> fromPrefix(String prefix) {
        return Arrays.stream(values()).filter(provider -> provider.prefix.equals(prefix)).findFirst();
    }

    static String prefixes() {
        return String.join(", ", Arrays.stream(values()).map(LiteLlmProvider::prefix).toList());
    }

    /** {@code openai/} pointed at any host but OpenAI's is how LiteLLM configs address OpenAI-compatible servers. */
    ProviderType type(Optional<URI> apiBase) {
        return switch (this) {
            case OPENAI -> apiBase.filter(url -> !OPENAI_HOST.equalsIgnoreCase(url.getHost())).isPresent()
                    ? ProviderType.OPENAI_COMPATIBLE
                    : ProviderType.OPENAI;
            case ANTHROPIC -> ProviderType.ANTHROPIC;
            case GEMINI -> ProviderType.GEMINI;
            case OPENAI_COMPATIBLE, HOSTED_VLLM, OLLAMA_CHAT, OPENROUTER, DEEPSEEK, GROQ, TOGETHER_AI, MISTRAL ->
                    ProviderType.OPENAI_COMPATIBLE;
        };
    }

    /** Where calls go: the entry's {@code api_base}, else the service's well-known address, if it has one. */
    Optional<URI> baseUrl(Optional<URI> apiBase, ProviderType type) {
        return apiBase.map(this::adjusted).or(() -> hostedBaseUrl).or(type::defaultBaseUrl)
                .map(ProviderConfig::normalized);
    }

    /**
     * LiteLLM's {@code ollama_chat} takes Ollama's root address and calls its native API; Parley calls the
     * OpenAI-compatible one, which lives under {@code /v1}.
     */
    private URI adjusted(URI apiBase) {
        var path = apiBase.getRawPath() == null ? "" : apiBase.getRawPath();
        return this == OLLAMA_CHAT && (path.isEmpty() || path.equals("/"))
                ? URI.create(ProviderConfig.normalized(apiBase) + "/v1")
                : apiBase;
    }

    /**
     * The variable LiteLLM reads when an entry has no {@code api_key}. Only used when calls go to the service's
     * own address: a vendor's key must never be sent to some other host.
     */
    Optional<String> keyVariable(URI baseUrl, ProviderType type) {
        var ownAddress = hostedBaseUrl.or(type::defaultBaseUrl);
        return ownAddress.filter(own -> sameAddress(own, baseUrl)).flatMap(own -> keyVariable);
    }

    /** Whether a missing key is a mistake: hosted services refuse anonymous calls. */
    boolean requiresKey(ProviderType type) {
        return switch (this) {
            case OPENROUTER, DEEPSEEK, GROQ, TOGETHER_AI, MISTRAL -> true;
            case OPENAI, ANTHROPIC, GEMINI, OPENAI_COMPATIBLE, HOSTED_VLLM, OLLAMA_CHAT -> type.requiresKey();
        };
    }

    private static boolean sameAddress(URI a, URI b) {
        return ProviderConfig.normalized(a).equals(ProviderConfig.normalized(b));
    }
}
