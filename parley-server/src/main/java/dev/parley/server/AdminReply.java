package dev.parley.server;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** What an admin handler answers: a JSON body with its status, no content, or JSON lines read chunk by chunk. */
sealed interface AdminReply {

    record Json(int status, JsonNode body) implements AdminReply {
    }

    record NoContent() implements AdminReply {
    }

    /** A body that is not JSON (the metrics' text exposition), with its content type. */
    record Text(String contentType, String body) implements AdminReply {
    }

    /**
     * A long answer (the audit and usage exports), written as it is read: {@code next} is called on a worker thread
     * until it is empty, and each chunk is written before the next is read.
     */
    record Lines(String contentType, Chunks chunks) implements AdminReply {

        public static final String JSON_LINES = "application/x-ndjson";
        public static final String CSV = "text/csv; charset=utf-8";

        /** JSON lines. */
        Lines(Chunks chunks) {
            this(JSON_LINES, chunks);
        }
    }

    /** The chunks of a {@link Lines} answer; blocking, called on a worker thread, one call at a time. */
    interface Chunks {
        Optional<String> next();
    }

    static AdminReply ok(JsonNode body) {
        return new Json(200, body);
    }

    static AdminReply created(JsonNode body) {
        return new Json(201, body);
    }

    static AdminReply noContent() {
        return new NoContent();
    }
}
