package dev.parley.testkit;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/** Server-sent-event framing: one {@code data:} line per event, an {@code event:} line where the protocol has one. */
final class Sse {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private Sse() {}

    static Buffer data(JsonNode json) {
        byte[] payload = Json.bytes(json);
        return Buffer.buffer(payload.length + 8).appendBytes(DATA).appendBytes(payload).appendBytes(END);
    }

    static Buffer data(String raw) {
        return Buffer.buffer().appendBytes(DATA).appendString(raw).appendBytes(END);
    }

    static Buffer event(String name, JsonNode json) {
        byte[] payload = Json.bytes(json);
        return Buffer.buffer(payload.length + name.length() + 16)
                .appendBytes(EVENT).appendString(name).appendByte((byte) '\n')
                .appendBytes(DATA).appendBytes(payload).appendBytes(END);
    }
}
