package dev.parley.core.idempotency;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the client of the first request received, to be replayed to its duplicates: the status, the headers that
 * say what the body is, and the body's bytes as written (for a stream, its events in order, as the client read
 * them).
 */
public record StoredResult(int status, Map<String, String> headers, byte[] body) {

    public StoredResult {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(new TreeMap<>(headers));
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredResult that && status == that.status && headers.equals(that.headers)
                && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "StoredResult[status=" + status + ", headers=" + headers + ", " + body.length + " bytes]";
    }
}
