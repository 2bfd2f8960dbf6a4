package dev.parley.core.routing;

/** What a failed upstream attempt means for the next one, decided in one place ({@link Failures#classify}). */
public enum FailureClass {
    /** The provider had a transient problem (5xx, 529, connection, timeout): back off, then try again. */
    RETRY_SAME,
    /** The key is rate limited: take it out of rotation until its Retry-After, try another channel. */
    COOL_DOWN_KEY,
    /** The provider refused the key itself (401, 402, 403): stop using it, try another channel. */
    KEY_DEAD,
    /** The request does not fit this model (context length): retrying it here cannot help; only another model can. */
    NEXT_MODEL,
    /** The request itself is at fault (other 4xx, content policy): the same answer would come from anywhere. */
    FINAL;

    /** Whether another attempt on some channel of the same model could succeed. */
    public boolean retryable() {
        return switch (this) {
            case RETRY_SAME, COOL_DOWN_KEY, KEY_DEAD -> true;
            case NEXT_MODEL, FINAL -> false;
        };
    }
}
