package dev.parley.core.codec.gemini;

import dev.parley.core.codec.EventScan;
import dev.parley.core.codec.Json;
import dev.parley.core.codec.StreamDecoder;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.sse.SseEvent;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A Gemini {@code streamGenerateContent?alt=sse} stream as events (spec 8.1). Gemini has no end marker: the
 * stream is complete when a chunk carried a {@code finishReason}, and one that ends before is cut. A chunk that
 * is Google's {@code {"error":…}} document is the upstream failing mid-stream.
 */
final class GeminiStreamDecoder implements StreamDecoder {

    private ChunkReader reader = new ChunkReader("");
    private boolean started;
    private boolean ended;

    @Override
    public List<StreamEvent> decode(SseEvent event) {
        String data = event.data().strip();
        if (ended || data.isEmpty() || data.equals("[DONE]")) {
            return List.of();
        }
        JsonNode chunk;
        try {
            chunk = Json.MAPPER.readTree(data);
        } catch (JacksonException e) {
            return fail(ApiError.of(ErrorKind.UPSTREAM, "The Gemini upstream sent a stream event that is not JSON."));
        }
        if (!started) {
            started = true;
            // Without a responseId, ids still differ between answers: derive one from the first chunk.
            reader = new ChunkReader("gen-" + Integer.toHexString(data.hashCode()));
        }
        List<StreamEvent> events = new ArrayList<>();
        for (JsonNode element : chunk.isArray() ? chunk.values() : List.of(chunk)) {
            if (element.path("error").isObject()) {
                events.add(fail(Errors.fromError(element.get("error"), 500)).getFirst());
                return events;
            }
            if (element.isObject()) {
                events.addAll(reader.read(element));
            }
        }
        return events;
    }

    @Override
    public List<StreamEvent> end() {
        if (ended) {
            return List.of();
        }
        ended = true;
        if (reader.finished()) {
            return reader.finish();
        }
        return List.of(new StreamEvent.Failure(ApiError.of(ErrorKind.UPSTREAM,
                "The Gemini upstream stream ended early, before its finish reason.")));
    }

    /**
     * A finish reason, a blocked prompt or an error ends the answer; usage metadata alone is running usage (Gemini
     * repeats it in every chunk and the last one counts); data that is no JSON object or array may fail the decoder.
     */
    @Override
    public Billing billing(SseEvent event) {
        String data = event.data().strip();
        if (data.isEmpty() || data.equals("[DONE]")) {
            return Billing.CONTENT;
        }
        if (!EventScan.objectShaped(data)
                || EventScan.mentions(data, "\"finishReason\"", "\"blockReason\"")
                || EventScan.mentionsNonNull(data, "\"error\"")) {
            return Billing.USAGE_OR_END;
        }
        return EventScan.mentions(data, "\"usageMetadata\"") ? Billing.RUNNING_USAGE : Billing.CONTENT;
    }

    private List<StreamEvent> fail(ApiError error) {
        ended = true;
        return List.of(new StreamEvent.Failure(error));
    }
}
