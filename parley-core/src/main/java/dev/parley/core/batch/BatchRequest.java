package dev.parley.core.batch;

import java.util.Arrays;
import java.util.Objects;

/**
 * One line of an input file: a request to run.
 *
 * @param line     its line in the file, from 1
 * @param customId the client's name for it, unique within the file
 * @param body     the request body, as the line held it
 */
public record BatchRequest(int line, String customId, BatchEndpoint endpoint, byte[] body) {

    public BatchRequest {
        Objects.requireNonNull(customId, "customId");
        Objects.requireNonNull(endpoint, "endpoint");
        body = body.clone();
        if (line < 1) {
            throw new IllegalArgumentException("lines count from 1: " + line);
        }
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BatchRequest that && line == that.line && customId.equals(that.customId)
                && endpoint == that.endpoint && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(line, customId, endpoint);
    }

    @Override
    public String toString() {
        return "BatchRequest[" + line + ", " + customId + ", " + endpoint.path() + "]";
    }
}
