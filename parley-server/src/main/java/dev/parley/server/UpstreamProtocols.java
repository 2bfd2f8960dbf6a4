package dev.parley.server;

import dev.parley.core.config.ProviderType;
import dev.parley.core.protocol.Protocol;

/** Which wire format Parley speaks to a provider, given the provider's type and the client's format. */
final class UpstreamProtocols {

    private UpstreamProtocols() {
    }

    static Protocol forClient(ProviderType provider, Protocol client) {
        return switch (provider) {
            case ANTHROPIC -> Protocol.ANTHROPIC_MESSAGES;
            case GEMINI -> Protocol.GEMINI;
            // Compatible servers (vLLM, Ollama, OpenRouter...) reliably implement Chat Completions only.
            case OPENAI_COMPATIBLE -> Protocol.OPENAI_CHAT;
            // OpenAI's own API: Chat for Chat clients (byte-for-byte pass-through); Responses for every other
            // client, since it carries reasoning items and freeform tools that Chat cannot.
            case OPENAI -> client == Protocol.OPENAI_CHAT ? Protocol.OPENAI_CHAT : Protocol.OPENAI_RESPONSES;
        };
    }
}
