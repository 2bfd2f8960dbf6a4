package dev.parley.app.e2e;

import dev.parley.app.Parley;
import dev.parley.core.config.ConfigLoader;
import dev.parley.core.config.ParleyConfig;
import dev.parley.testkit.WireFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real Parley on a random port in front of one fake provider that is configured four times, once per provider
 * type, so that any client protocol can be served from any provider protocol. Each {@link Hop} is one configured
 * model: the name a client asks for, the provider type it is routed to and the upstream model name the fake sees.
 */
final class E2eParley implements AutoCloseable {

    static final String KEY = "pk-e2e-0123456789abcdef";
    static final String PROVIDER_KEY = "sk-e2e-upstream-0123456789";

    /** One configured model: {@code model} served by the provider of type {@code upstream} as {@code upstreamModel}. */
    record Hop(String model, WireFormat upstream, String upstreamModel) {

        String provider() {
            return switch (upstream) {
                case OPENAI_CHAT -> "fake-chat";
                case OPENAI_RESPONSES -> "fake-openai";
                case ANTHROPIC -> "fake-anthropic";
                case GEMINI -> "fake-gemini";
            };
        }
    }

    // Coding CLIs: each served by a provider of another protocol than its own.
    static final Hop CLAUDE_VIA_CHAT = new Hop("claude-e2e-chat", WireFormat.OPENAI_CHAT, "up-chat-for-claude");
    static final Hop CLAUDE_VIA_GEMINI = new Hop("claude-e2e-gemini", WireFormat.GEMINI, "up-gemini-for-claude");
    static final Hop CODEX_VIA_ANTHROPIC = new Hop("codex-e2e-anthropic", WireFormat.ANTHROPIC,
            "up-anthropic-for-codex");
    static final Hop GEMINI_CLI_VIA_RESPONSES = new Hop("gemini-e2e-responses", WireFormat.OPENAI_RESPONSES,
            "up-responses-for-gemini");
    static final Hop GEMINI_CLI_VIA_CHAT = new Hop("gemini-e2e-chat", WireFormat.OPENAI_CHAT, "up-chat-for-gemini");

    // The same CLIs through Parley to a provider of their own protocol (pass-through), to tell a translation
    // failure from a failure of the gateway itself.
    static final Hop CLAUDE_SAME = new Hop("claude-e2e-anthropic", WireFormat.ANTHROPIC, "up-anthropic-for-claude");
    static final Hop CODEX_SAME = new Hop("codex-e2e-openai", WireFormat.OPENAI_RESPONSES, "up-responses-for-codex");
    static final Hop GEMINI_CLI_SAME = new Hop("gemini-e2e-gemini", WireFormat.GEMINI, "up-gemini-for-gemini");

    // SDKs.
    static final Hop OPENAI_CHAT_VIA_ANTHROPIC = new Hop("sdk-chat-anthropic", WireFormat.ANTHROPIC,
            "up-anthropic-for-chat");
    static final Hop OPENAI_RESPONSES_VIA_GEMINI = new Hop("sdk-responses-gemini", WireFormat.GEMINI,
            "up-gemini-for-responses");
    static final Hop ANTHROPIC_VIA_CHAT = new Hop("sdk-messages-chat", WireFormat.OPENAI_CHAT,
            "up-chat-for-messages");
    static final Hop GENAI_VIA_ANTHROPIC = new Hop("sdk-genai-anthropic", WireFormat.ANTHROPIC,
            "up-anthropic-for-genai");

    static final List<Hop> HOPS = List.of(CLAUDE_VIA_CHAT, CLAUDE_VIA_GEMINI, CODEX_VIA_ANTHROPIC,
            GEMINI_CLI_VIA_RESPONSES, GEMINI_CLI_VIA_CHAT, CLAUDE_SAME, CODEX_SAME, GEMINI_CLI_SAME,
            OPENAI_CHAT_VIA_ANTHROPIC, OPENAI_RESPONSES_VIA_GEMINI,
            ANTHROPIC_VIA_CHAT, GENAI_VIA_ANTHROPIC);

    private final Parley parley;

    private E2eParley(Parley parley) {
        this.parley = parley;
    }

    static E2eParley inFrontOf(String fakeBaseUrl, Path dataDir) {
        StringBuilder models = new StringBuilder();
        for (Hop hop : HOPS) {
            models.append("  - name: ").append(hop.model()).append('\n')
                    .append("    routes: [{provider: ").append(hop.provider()).append(", model: ")
                    .append(hop.upstreamModel()).append("}]\n");
        }
        String yaml = """
                server: {host: 127.0.0.1, port: 0, data_dir: "%2$s", shutdown_grace: 5s}
                providers:
                  - {name: fake-chat, type: openai-compatible, base_url: "%1$s/v1", keys: ["${UPSTREAM_KEY}"]}
                  - {name: fake-openai, type: openai, base_url: "%1$s/v1", keys: ["${UPSTREAM_KEY}"]}
                  - {name: fake-anthropic, type: anthropic, base_url: "%1$s", keys: ["${UPSTREAM_KEY}"]}
                  - {name: fake-gemini, type: gemini, base_url: "%1$s", keys: ["${UPSTREAM_KEY}"]}
                models:
                %3$skeys:
                  - {name: e2e, key: "%4$s"}
                """.formatted(fakeBaseUrl, dataDir, models, KEY);
        return fromYaml(yaml);
    }

    /** Parley configured by {@code yaml}, in which {@code ${UPSTREAM_KEY}} stands for {@link #PROVIDER_KEY}. */
    static E2eParley fromYaml(String yaml) {
        Map<String, String> env = Map.of("UPSTREAM_KEY", PROVIDER_KEY);
        ParleyConfig config = ConfigLoader.parse(yaml, env);
        return new E2eParley(Parley.start(config, env));
    }

    /** Hands the usage rows queued so far to the ledger. */
    void flushUsage() {
        parley.flushUsage();
    }

    /** {@code http://127.0.0.1:PORT}, no trailing slash. */
    String baseUrl() {
        return parley.baseUrl();
    }

    @Override
    public void close() {
        parley.close();
    }
}
