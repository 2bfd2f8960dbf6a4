package dev.parley.core.batch;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A file Parley keeps for a virtual key: an input file it uploaded, or a batch's output or error file.
 *
 * @param keyScope whose it is ({@code key:<id>} or {@code name:<configured name>}); no other key sees it
 * @param bytes    its size; a batch's file's is counted when the batch ends
 * @param batchId  the batch whose output or error it is; empty for an input file
 */
public record BatchFile(String id, String keyScope, FileKind kind, String filename, long bytes, Instant createdAt,
                        Optional<String> batchId) {

    public BatchFile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(keyScope, "keyScope");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(batchId, "batchId");
    }
}
