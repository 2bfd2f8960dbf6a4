package dev.parley.core.tenancy;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing to write to the audit log: an admin action or an authentication failure.
 *
 * @param actor who: {@code master}, {@code member:<id>}, {@code key:<id>}, or {@code anonymous}
 * @param action what, as {@code <resource>.<verb>} (e.g. {@code key.create}, {@code auth.failure})
 * @param target the id acted on, or empty
 * @param source where from: the client's address
 * @param before the resource before, as JSON with every secret masked
 * @param after the resource after, as JSON with every secret masked
 */
public record AuditEvent(Instant at, String actor, String action, Optional<String> target, String source,
                         Optional<String> before, Optional<String> after) {
    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }
}
