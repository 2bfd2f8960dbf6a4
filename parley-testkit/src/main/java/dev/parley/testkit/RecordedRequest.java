package dev.parley.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * One request as the fake received it, before it decided anything.
 *
 * @param sequence 1 for the first request the fake ever received; ids in replies derive from it
 * @param uri path and query exactly as sent, e.g. {@code /v1/messages?beta=true}
 * @param headers case-insensitive names, every value in arrival order
 * @param format the protocol the path belongs to; empty for paths the fake does not know
 * @param model the model named in the body, or in the path for Gemini
 * @param receivedAt the wall-clock instant the request arrived
 * @param receivedNanos {@link System#nanoTime()} when it arrived, so that a test in the same JVM can order it against
 *     what its client saw (the wall clock may step; this one does not)
 */
public record RecordedRequest(long sequence, String method, String uri, String path,
        Map<String, List<String>> headers, byte[] body, Optional<JsonNode> json, Optional<WireFormat> format,
        Optional<String> model, Instant receivedAt, long receivedNanos) {

    public RecordedRequest {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
        body = body.clone();
    }

    /** A copy: the recording stays as it arrived whatever the caller does with the array. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** A copy, for the same reason as {@link #body()}. */
    @Override
    public Optional<JsonNode> json() {
        return json.map(JsonNode::deepCopy);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of a header, name matched case-insensitively. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name)).filter(values -> !values.isEmpty()).map(List::getFirst);
    }

    /** The raw query string without the {@code ?}, if any. */
    public Optional<String> query() {
        int mark = uri.indexOf('?');
        return mark < 0 ? Optional.empty() : Optional.of(uri.substring(mark + 1));
    }

    /** Whether the client asked for a stream, by body flag or by Gemini's streaming method. */
    public boolean streaming() {
        return path.endsWith(":streamGenerateContent")
                || json.map(node -> node.path("stream").asBoolean(false)).orElse(false);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecordedRequest that && sequence == that.sequence;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sequence);
    }

    @Override
    public String toString() {
        return "RecordedRequest[#" + sequence + " " + method + " " + uri + " " + bodyText() + "]";
    }
}
