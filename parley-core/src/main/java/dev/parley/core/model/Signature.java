package dev.parley.core.model;

import dev.parley.core.protocol.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * An opaque reasoning token (Anthropic thinking signature, OpenAI encrypted reasoning, Gemini thought
 * signature) and the upstream protocol that issued it. Such tokens cannot be translated: they go back only to
 * the protocol that made them and are dropped everywhere else.
 *
 * <p>When a client of another protocol must carry a token between turns, it travels {@linkplain #carried()
 * wrapped} in a field that client echoes verbatim, and is {@linkplain #received(Protocol, String) unwrapped}
 * when it comes back.
 */
public record Signature(Protocol origin, String value) {

    private static final String CARRIER = "parley1:";

    public Signature {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(value, "value");
    }

    /** Whether the token may be sent to an upstream of this protocol. */
    public boolean validFor(Protocol upstream) {
        return origin == upstream;
    }

    /** The token as a client of {@code client} should hold it: raw for its own protocol, wrapped otherwise. */
    public String forClient(Protocol client) {
        return client == origin ? value : carried();
    }

    /** {@code parley1:<origin>:<base64url(token)>}. */
    public String carried() {
        return CARRIER + origin.wireName() + ":"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A token a client of {@code client} sent back: unwrapped if Parley wrapped it, else the client's own. */
    public static Signature received(Protocol client, String value) {
        return unwrap(value).orElseGet(() -> new Signature(client, value));
    }

    private static Optional<Signature> unwrap(String value) {
        if (!value.startsWith(CARRIER)) {
            return Optional.empty();
        }
        int colon = value.indexOf(':', CARRIER.length());
        if (colon < 0) {
            return Optional.empty();
        }
        String origin = value.substring(CARRIER.length(), colon);
        for (Protocol protocol : Protocol.values()) {
            if (protocol.wireName().equals(origin)) {
                try {
                    byte[] token = Base64.getUrlDecoder().decode(value.substring(colon + 1));
                    return Optional.of(new Signature(protocol, new String(token, StandardCharsets.UTF_8)));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
