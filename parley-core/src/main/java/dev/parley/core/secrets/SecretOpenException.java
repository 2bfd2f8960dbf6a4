package dev.parley.core.secrets;

/**
 * A sealed text that cannot be opened: another server secret, another provider's row, or altered text. The message
 * names the provider and the reason, never the text or what it holds.
 */
public final class SecretOpenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SecretOpenException(String message) {
        super(message);
    }
}
