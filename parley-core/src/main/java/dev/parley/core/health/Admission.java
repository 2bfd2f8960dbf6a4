package dev.parley.core.health;

/** How a circuit breaker let a request through; its outcome must be reported with the same value. */
public enum Admission {
    /** The circuit was closed. */
    NORMAL,
    /** The circuit was half-open and this request is its one probe. */
    PROBE
}
