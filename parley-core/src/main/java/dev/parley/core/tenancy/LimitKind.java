package dev.parley.core.tenancy;

import java.util.Locale;

/** Which of a scope's {@link Limits} stopped a request. */
public enum LimitKind {
    RPM("requests per minute"),
    TPM("tokens per minute"),
    CONCURRENCY("concurrent requests");

    private final String unit;

    LimitKind(String unit) {
        this.unit = unit;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The limit in words, e.g. {@code 10 requests per minute}. */
    public String describe(long value) {
        return value + " " + unit;
    }
}
