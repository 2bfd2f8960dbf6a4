package dev.parley.core.tenancy;

import java.util.Locale;

/** Which of a scope's {@link Limits} stopped a request. */
public enum LimitKind {
    RPM("request per minute", "requests per minute"),
    TPM("token per minute", "tokens per minute"),
    CONCURRENCY("concurrent request", "concurrent requests");

    private final String one;
    private final String many;

    LimitKind(String one, String many) {
        this.one = one;
        this.many = many;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The limit in words, e.g. {@code 10 requests per minute}. */
    public String describe(long value) {
        return value + " " + (value == 1 ? one : many);
    }
}
