package dev.parley.core.tenancy;

import java.util.Objects;

/**
 * An event as the audit log holds it: numbered from 1 without gaps and chained, each entry's hash covering its
 * number, its event and the previous entry's hash ({@link AuditChain}), so that an edited, removed or reordered entry
 * breaks the chain.
 */
public record AuditEntry(long seq, AuditEvent event, String previousHash, String hash) {
    public AuditEntry {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
    }
}
