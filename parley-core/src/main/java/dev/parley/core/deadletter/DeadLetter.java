package dev.parley.core.deadletter;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Asynchronous work that still failed after every retry and fallback, kept with everything needed to inspect and
 * run it again: whose it was, the request, and the full error history.
 *
 * @param source    what kind of work it was ({@code batch}: an item of a batch)
 * @param sourceId  the work's container (the batch's id)
 * @param itemId    the item within it (a batch item's {@code custom_id}); unique per source and source id
 * @param keyScope  the virtual key it ran for: {@code key:<id>} or {@code name:<configured name>}
 * @param teamId    the key's team, for who may see it; empty for a configured key (organization admins only)
 * @param endpoint  the model endpoint's path, e.g. {@code /v1/chat/completions}
 * @param body      the request body as it was sent
 * @param failures  every failed try, in order
 * @param replay    its one replay, once started
 */
public record DeadLetter(String id, String source, String sourceId, String itemId, String keyScope, String keyName,
                         Optional<String> teamId, String endpoint, byte[] body, List<Failure> failures,
                         Instant failedAt, Optional<Replay> replay) {

    public DeadLetter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(keyScope, "keyScope");
        Objects.requireNonNull(keyName, "keyName");
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(failedAt, "failedAt");
        Objects.requireNonNull(replay, "replay");
        body = body.clone();
        failures = List.copyOf(failures);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** Dead until replayed: {@code dead}, {@code replaying} or {@code replayed}. */
    public String state() {
        return replay.map(r -> r.outcome().isPresent() ? "replayed" : "replaying").orElse("dead");
    }

    public DeadLetter withReplay(Replay started) {
        return new DeadLetter(id, source, sourceId, itemId, keyScope, keyName, teamId, endpoint, body, failures,
                failedAt, Optional.of(started));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeadLetter that && id.equals(that.id) && source.equals(that.source)
                && sourceId.equals(that.sourceId) && itemId.equals(that.itemId) && keyScope.equals(that.keyScope)
                && keyName.equals(that.keyName) && teamId.equals(that.teamId) && endpoint.equals(that.endpoint)
                && Arrays.equals(body, that.body) && failures.equals(that.failures) && failedAt.equals(that.failedAt)
                && replay.equals(that.replay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, sourceId, itemId);
    }

    @Override
    public String toString() {
        return "DeadLetter[" + id + ", " + source + " " + sourceId + "/" + itemId + ", " + state() + "]";
    }

    /**
     * The one replay of a dead letter: who started it and when, and once it ran, its outcome.
     *
     * @param by who asked for it (an admin's member id, or {@code master})
     */
    public record Replay(String by, Instant at, Optional<Outcome> outcome) {
        public Replay {
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /**
     * What the replay got: the status, the request's id in the ledger, and the answer's body (its result, or its
     * error).
     */
    public record Outcome(int status, Optional<String> requestId, String body) {
        public Outcome {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(body, "body");
        }

        public boolean succeeded() {
            return status / 100 == 2;
        }
    }
}
