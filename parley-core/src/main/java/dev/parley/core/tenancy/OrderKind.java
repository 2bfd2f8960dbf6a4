package dev.parley.core.tenancy;

import java.util.Locale;
import java.util.Optional;

/** Why an account's credit changed: money paid in (always positive), or a correction either way. */
public enum OrderKind {
    TOP_UP, ADJUSTMENT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<OrderKind> parse(String text) {
        for (OrderKind kind : values()) {
            if (kind.wire().equals(text)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
