package dev.parley.core.batch;

import dev.parley.core.deadletter.Failure;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An item an instance has claimed to run, with what running it needs: its batch's key and endpoint, its body, and
 * what became of its earlier tries.
 *
 * @param tries    how often it was claimed, this time included
 * @param failures its earlier tries that were refused for a while (rate limits) and put back
 */
public record ClaimedItem(String batchId, int line, String customId, String keyScope, String keyName,
                          Optional<String> teamId, BatchEndpoint endpoint, byte[] body, int tries,
                          List<Failure> failures) {

    public ClaimedItem {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(customId, "customId");
        Objects.requireNonNull(keyScope, "keyScope");
        Objects.requireNonNull(keyName, "keyName");
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(endpoint, "endpoint");
        body = body.clone();
        failures = List.copyOf(failures);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The id of its line in the output or error file: OpenAI's {@code batch_req_...}. */
    public String requestLineId() {
        return BatchIds.requestLine(batchId, line);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClaimedItem that && batchId.equals(that.batchId) && line == that.line
                && customId.equals(that.customId) && keyScope.equals(that.keyScope) && keyName.equals(that.keyName)
                && teamId.equals(that.teamId) && endpoint == that.endpoint && Arrays.equals(body, that.body)
                && tries == that.tries && failures.equals(that.failures);
    }

    @Override
    public int hashCode() {
        return Objects.hash(batchId, line);
    }

    @Override
    public String toString() {
        return "ClaimedItem[" + batchId + "#" + line + ", " + customId + ", try " + tries + "]";
    }
}
