package dev.parley.core.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which of a client's request headers a provider is sent ({@code forward_headers}): only those its list names, and
 * never one that carries a credential or that Parley itself must set. Without a list, a provider gets its type's
 * protocol headers: Anthropic's {@code anthropic-version} and {@code anthropic-beta} (the betas a client opted into
 * change what the provider accepts), nothing for the others.
 */
public final class ForwardHeaders {

    /** Credentials: the client's are Parley's key, and the provider's are added by Parley alone. */
    private static final Set<String> CREDENTIALS = Set.of("authorization", "proxy-authorization", "x-api-key",
            "x-goog-api-key", "api-key", "cookie", "set-cookie", "x-auth-token");
    /** What Parley sets for the body it sends, or what belongs to one hop of the connection only. */
    private static final Set<String> PARLEYS_OWN = Set.of("host", "content-length", "transfer-encoding",
            "connection", "keep-alive", "proxy-connection", "upgrade", "te", "trailer", "expect", "content-type",
            "content-encoding", "accept", "accept-encoding", "idempotency-key");

    private ForwardHeaders() {
    }

    /** A provider type's list when its configuration gives none. */
    public static List<String> defaults(ProviderType type) {
        return switch (type) {
            case ANTHROPIC -> List.of("anthropic-version", "anthropic-beta");
            case OPENAI, OPENAI_COMPATIBLE, GEMINI -> List.of();
        };
    }

    /** Why {@code name} cannot be forwarded, if it cannot. */
    public static Optional<String> problem(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!ValueSyntax.isHeaderName(name)) {
            return Optional.of("\"" + name + "\" is not a valid header name");
        }
        if (CREDENTIALS.contains(lower)) {
            return Optional.of("\"" + lower + "\" carries credentials and is never forwarded: Parley sends each"
                    + " provider its own key");
        }
        if (PARLEYS_OWN.contains(lower) || lower.startsWith("x-parley-") || lower.startsWith("proxy-")) {
            return Optional.of("\"" + lower + "\" is set by Parley for each upstream request and cannot be forwarded");
        }
        return Optional.empty();
    }

    /** The names lowercased, as the record keeps them. */
    static List<String> normalized(List<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).distinct().toList();
    }
}
