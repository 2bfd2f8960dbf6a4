package dev.parley.core.codec;

import java.util.Optional;

/**
 * A body that does not follow its protocol. The message names the offending field in the protocol's own terms
 * (e.g. {@code messages[2].content[0].source.data: expected a string}) and never quotes a secret.
 */
public final class CodecException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final transient Optional<String> param;

    public CodecException(String message) {
        this(message, Optional.empty());
    }

    public CodecException(String param, String reason) {
        this(param + ": " + reason, Optional.of(param));
    }

    private CodecException(String message, Optional<String> param) {
        super(message, null, false, false);
        this.param = param;
    }

    /** The path of the offending field, where one is to blame. */
    public Optional<String> param() {
        return param;
    }
}
