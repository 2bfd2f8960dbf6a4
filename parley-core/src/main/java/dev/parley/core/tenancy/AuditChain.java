package dev.parley.core.tenancy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The audit log's hash chain: each entry's hash is SHA-256 over its number, every field of its event and the
 * previous entry's hash. Fields are length-prefixed so that no two different entries encode alike.
 */
public final class AuditChain {

    /** The previous hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    /** The entry {@code event} becomes when appended after an entry numbered {@code seq - 1} with hash {@code previous}. */
    public static AuditEntry link(long seq, AuditEvent event, String previous) {
        return new AuditEntry(seq, event, previous, hash(seq, event, previous));
    }

    public static String hash(long seq, AuditEvent event, String previous) {
        StringBuilder text = new StringBuilder();
        field(text, Long.toString(seq));
        field(text, event.at().toString());
        field(text, event.actor());
        field(text, event.action());
        field(text, event.target());
        field(text, event.source());
        field(text, event.before());
        field(text, event.after());
        field(text, previous);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /**
     * The first entry of {@code entries} (a run read in order, starting after an entry with hash {@code previous} and
     * number {@code entries.get(0).seq() - 1}) that breaks the chain, if any: a gap in the numbers, a previous hash
     * that is not the one before, or a hash that is not its content's.
     */
    public static Optional<AuditEntry> firstBreak(List<AuditEntry> entries, String previous) {
        String expectedPrevious = previous;
        long expectedSeq = entries.isEmpty() ? 0 : entries.getFirst().seq();
        for (AuditEntry entry : entries) {
            if (entry.seq() != expectedSeq || !entry.previousHash().equals(expectedPrevious)
                    || !entry.hash().equals(hash(entry.seq(), entry.event(), entry.previousHash()))) {
                return Optional.of(entry);
            }
            expectedPrevious = entry.hash();
            expectedSeq++;
        }
        return Optional.empty();
    }

    private static void field(StringBuilder text, Optional<String> value) {
        if (value.isPresent()) {
            field(text, value.get());
        } else {
            text.append("-1:");
        }
    }

    private static void field(StringBuilder text, String value) {
        text.append(value.length()).append(':').append(value);
    }
}
