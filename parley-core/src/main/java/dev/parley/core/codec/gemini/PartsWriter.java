package dev.parley.core.codec.gemini;

import dev.parley.core.codec.Json;
import dev.parley.core.model.Media;
import dev.parley.core.model.Signature;
import dev.parley.core.protocol.Protocol;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the {@code parts} of one model or user content, for an upstream request or a client answer. The two
 * differ only in reasoning: upstream, only Gemini's own signatures and thoughts go back; toward a client,
 * thoughts show only if asked for, and other providers' signatures travel wrapped on the thoughts and calls
 * they belong to.
 */
final class PartsWriter {

    private final ArrayNode parts = Json.arrayNode();
    private final boolean upstream;
    private final boolean showThoughts;
    private final Function<Signature, Optional<String>> signatures;
    /** A signature waiting for the next visible text part to ride on. */
    private Optional<String> pending = Optional.empty();

    private PartsWriter(boolean upstream, boolean showThoughts, Function<Signature, Optional<String>> signatures) {
        this.upstream = upstream;
        this.showThoughts = showThoughts;
        this.signatures = signatures;
    }

    /** For a Gemini upstream: signatures from other providers cannot be validated there and are dropped (H1). */
    static PartsWriter upstream() {
        return new PartsWriter(true, false,
                s -> s.validFor(Protocol.GEMINI) ? Optional.of(s.value()) : Optional.empty());
    }

    static PartsWriter client(boolean showThoughts) {
        return new PartsWriter(false, showThoughts, s -> Optional.of(s.forClient(Protocol.GEMINI)));
    }

    /** Visible text; empty text is left out (Gemini rejects empty text parts, H11). */
    void text(String text) {
        if (text.isEmpty()) {
            return;
        }
        ObjectNode part = parts.addObject();
        part.put("text", text);
        pending.ifPresent(s -> part.put("thoughtSignature", s));
        pending = Optional.empty();
    }

    /**
     * Reasoning. A thought goes out with its text when it is wanted: upstream, only with Gemini's own
     * signature (another provider's reasoning cannot be resumed there, H1); toward a client, when it asked to
     * see thoughts, with any signature (wrapped when foreign). A signature without its thought text is kept
     * only if Gemini issued it, since Gemini's tokens do not depend on the text; it rides on the neighbouring
     * text part, where Gemini puts it.
     */
    void thinking(String text, Optional<Signature> signature) {
        Optional<String> token = signature.flatMap(signatures);
        boolean visible = !text.isEmpty() && (upstream ? token.isPresent() : showThoughts);
        if (visible) {
            ObjectNode part = parts.addObject();
            part.put("text", text);
            part.put("thought", true);
            token.ifPresent(s -> part.put("thoughtSignature", s));
            return;
        }
        signature.filter(s -> s.validFor(Protocol.GEMINI)).ifPresent(s -> signatureOnly(s.value()));
    }

    /**
     * On the previous text part, else the next one; with no text to ride on it is dropped, because an empty
     * text part would make Gemini's SDKs discard the whole turn.
     */
    private void signatureOnly(String token) {
        if (!parts.isEmpty() && parts.get(parts.size() - 1) instanceof ObjectNode last && isPlainText(last)
                && !last.has("thoughtSignature")) {
            last.put("thoughtSignature", token);
        } else {
            pending = Optional.of(token);
        }
    }

    void functionCall(ObjectNode call, Optional<Signature> signature) {
        ObjectNode part = parts.addObject();
        part.set("functionCall", call);
        signature.flatMap(signatures).ifPresent(s -> part.put("thoughtSignature", s));
    }

    void add(ObjectNode part) {
        parts.add(part);
    }

    void media(Media media) {
        parts.add(mediaPart(media));
    }

    ArrayNode parts() {
        return parts;
    }

    boolean isEmpty() {
        return parts.isEmpty();
    }

    /** Inline bytes as {@code inlineData}; a URL as {@code fileData} (Parley downloads nothing). */
    static ObjectNode mediaPart(Media media) {
        ObjectNode part = Json.objectNode();
        switch (media) {
            case Media.Base64 b -> {
                ObjectNode inline = part.putObject("inlineData");
                inline.put("mimeType", b.mediaType());
                inline.put("data", b.data());
            }
            case Media.Url u -> {
                ObjectNode file = part.putObject("fileData");
                u.mediaType().ifPresent(type -> file.put("mimeType", type));
                file.put("fileUri", u.url());
            }
        }
        return part;
    }

    static boolean isPlainText(JsonNode part) {
        return part.has("text") && !part.path("thought").asBoolean(false);
    }
}
