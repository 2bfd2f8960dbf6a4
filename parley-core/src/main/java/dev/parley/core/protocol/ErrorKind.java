package dev.parley.core.protocol;

/**
 * What went wrong, independent of any wire format. Each protocol's {@link ErrorShape} turns a kind into that
 * protocol's status code and error type; no other code picks a status for an API error.
 */
public enum ErrorKind {
    INVALID_REQUEST,
    CONTEXT_LENGTH,
    AUTHENTICATION,
    BILLING,
    PERMISSION,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    PAYLOAD_TOO_LARGE,
    RATE_LIMITED,
    OVERLOADED,
    /** The upstream answered with something Parley cannot pass on (e.g. a 5xx, or its key was refused). */
    UPSTREAM,
    TIMEOUT,
    /** Parley cannot take the request now (draining for shutdown, no channel available). */
    UNAVAILABLE,
    INTERNAL
}
