package dev.parley.core.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A batch job: whose it is, what it runs, where it stands.
 *
 * @param keyScope         the key it runs as ({@code key:<id>}, {@code name:<configured name>}); its items are
 *                         requests of that key, billed to it
 * @param keyName          the key's name, for dead letters
 * @param teamId           the key's team; empty for a configured key
 * @param completionWindow how long it may take from its creation; past it, what has not run expires
 * @param metadata         the client's own labels, kept and shown as given
 * @param reached          when it entered each status it has been in (its creation is {@code createdAt})
 * @param counts           its items: all of them, those that succeeded, those that failed
 */
public record Batch(String id, String keyScope, String keyName, Optional<String> teamId, BatchEndpoint endpoint,
                    String inputFileId, Duration completionWindow, Map<String, String> metadata, BatchStatus status,
                    Instant createdAt, Map<BatchStatus, Instant> reached, Counts counts, Optional<String> outputFileId,
                    Optional<String> errorFileId) {

    /** OpenAI's only completion window. */
    public static final Duration WINDOW = Duration.ofHours(24);

    public Batch {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(keyScope, "keyScope");
        Objects.requireNonNull(keyName, "keyName");
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(inputFileId, "inputFileId");
        Objects.requireNonNull(completionWindow, "completionWindow");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(outputFileId, "outputFileId");
        Objects.requireNonNull(errorFileId, "errorFileId");
        metadata = Map.copyOf(metadata);
        EnumMap<BatchStatus, Instant> copy = new EnumMap<>(BatchStatus.class);
        copy.putAll(reached);
        reached = Collections.unmodifiableMap(copy);
    }

    public Instant expiresAt() {
        return createdAt.plus(completionWindow);
    }

    public Optional<Instant> reachedAt(BatchStatus s) {
        return Optional.ofNullable(reached.get(s));
    }

    /** How many items there are, how many succeeded, how many ran and failed. */
    public record Counts(int total, int completed, int failed) {
        public static final Counts NONE = new Counts(0, 0, 0);
    }
}
