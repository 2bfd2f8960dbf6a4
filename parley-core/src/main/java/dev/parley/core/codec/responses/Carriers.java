package dev.parley.core.codec.responses;

import dev.parley.core.model.Signature;
import dev.parley.core.protocol.Protocol;
import java.util.Optional;

/**
 * Opaque tokens a Responses client holds for Parley in a reasoning item's {@code encrypted_content}, the one
 * field it echoes verbatim. A plain value is a reasoning token (raw for OpenAI, wrapped for other providers);
 * two prefixes mark the tokens that are not reasoning text: an Anthropic {@code redacted_thinking} block, and
 * the signature of the tool call just before the item (Gemini signs its function calls).
 */
final class Carriers {

    private static final String REDACTED = "parley-redacted:";
    private static final String CALL = "parley-call:";

    /** What a reasoning item's encrypted_content stands for. */
    sealed interface Token {
        Signature signature();
    }

    record Reasoning(Signature signature) implements Token {
    }

    record Redacted(Signature signature) implements Token {
    }

    record CallSignature(Signature signature) implements Token {
    }

    private Carriers() {
    }

    static String reasoning(Signature signature) {
        return signature.forClient(Protocol.OPENAI_RESPONSES);
    }

    static String redacted(Signature data) {
        return REDACTED + data.forClient(Protocol.OPENAI_RESPONSES);
    }

    static String callSignature(Signature signature) {
        return CALL + signature.forClient(Protocol.OPENAI_RESPONSES);
    }

    static Optional<Token> read(Optional<String> encryptedContent) {
        return encryptedContent.filter(value -> !value.isEmpty()).map(Carriers::read);
    }

    private static Token read(String value) {
        if (value.startsWith(REDACTED)) {
            return new Redacted(received(value.substring(REDACTED.length())));
        }
        if (value.startsWith(CALL)) {
            return new CallSignature(received(value.substring(CALL.length())));
        }
        return new Reasoning(received(value));
    }

    private static Signature received(String value) {
        return Signature.received(Protocol.OPENAI_RESPONSES, value);
    }
}
