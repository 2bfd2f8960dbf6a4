package dev.parley.core.tenancy;

import java.util.Objects;

/**
 * What {@link Authorization} decided, and why: the reason is written for an operator reading a refusal or a test
 * failure, and names no secret.
 */
public record Decision(boolean allowed, String reason) {
    public Decision {
        Objects.requireNonNull(reason, "reason");
    }

    static Decision allow(String reason) {
        return new Decision(true, reason);
    }

    static Decision deny(String reason) {
        return new Decision(false, reason);
    }
}
