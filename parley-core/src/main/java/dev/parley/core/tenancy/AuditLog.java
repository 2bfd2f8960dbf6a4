package dev.parley.core.tenancy;

import java.util.List;

/** The append-only audit log, implemented by the store. Calls block. */
public interface AuditLog {

    /** Appends the event as the next entry, chained to the last one ({@link AuditChain#link}); never reorders. */
    AuditEntry append(AuditEvent event);

    /** Entries with {@code seq > afterSeq}, in order, at most {@code limit}. */
    List<AuditEntry> entries(long afterSeq, int limit);
}
