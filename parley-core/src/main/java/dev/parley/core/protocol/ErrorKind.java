package dev.parley.core.protocol;

/**
 * What went wrong, independent of any wire format. Each protocol's {@link ErrorShape} turns a kind into that
 * protocol's status code and error type; no other code picks a status for an API error.
 */
public enum ErrorKind {
    INVALID_REQUEST,
    /** A well-formed request whose field has a value Parley cannot accept (the admin API's 422; 400 elsewhere). */
    UNPROCESSABLE,
    /** The change collides with what exists: a duplicate name, or a delete that would orphan something. */
    CONFLICT,
    /**
     * An {@code Idempotency-Key} used before with another request body: 422 in every protocol, since the request
     * itself is well formed and retrying it unchanged can never succeed.
     */
    IDEMPOTENCY_MISMATCH,
    CONTEXT_LENGTH,
    AUTHENTICATION,
    BILLING,
    /**
     * A budget of Parley's own (a key's, project's, team's or member's) cannot take the request. Never retried: it
     * does not come back by waiting, except when its day or month ends.
     */
    BUDGET_EXCEEDED,
    PERMISSION,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    PAYLOAD_TOO_LARGE,
    RATE_LIMITED,
    OVERLOADED,
    /** The upstream answered with something Parley cannot pass on (e.g. a 5xx, or its key was refused). */
    UPSTREAM,
    TIMEOUT,
    /** The client did not send its request in time (a body trickled in too slowly): the client's fault, 408. */
    CLIENT_TIMEOUT,
    /** Parley cannot take the request now (draining for shutdown, no channel available). */
    UNAVAILABLE,
    INTERNAL;

    /**
     * The kind an HTTP status stands for when a provider's body says nothing more specific: 4xx blames the
     * request, 5xx the provider, 503 and Anthropic's 529 mean overloaded.
     */
    public static ErrorKind ofStatus(int status) {
        return switch (status) {
            case 400, 422 -> INVALID_REQUEST;
            // A conflict (e.g. a provider-side lock) is transient: the SDKs retry it, so it is not the client's fault.
            case 409 -> UPSTREAM;
            case 401 -> AUTHENTICATION;
            case 402 -> BILLING;
            case 403 -> PERMISSION;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            // An upstream's 408 is its timeout waiting for Parley: a failed attempt like a 504, not the client's fault.
            case 408, 504 -> TIMEOUT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 429 -> RATE_LIMITED;
            case 503, 529 -> OVERLOADED;
            default -> status >= 400 && status < 500 ? INVALID_REQUEST : UPSTREAM;
        };
    }
}
