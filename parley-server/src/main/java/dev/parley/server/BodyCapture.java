package dev.parley.server;

import dev.parley.core.usage.CapturedBodies;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The bodies of one exchange whose key's rules keep them: the request as received and the bytes the client is sent,
 * each up to {@code usage.bodies.max_bytes}. Lives on the exchange's event loop.
 */
final class BodyCapture {

    private final int maxBytes;
    private final String request;
    private final boolean requestTruncated;
    private final Buffer response = Buffer.buffer();
    private boolean responseTruncated;

    BodyCapture(byte[] request, int maxBytes) {
        this.maxBytes = maxBytes;
        this.requestTruncated = request.length > maxBytes;
        this.request = new String(request, 0, Math.min(request.length, maxBytes), StandardCharsets.UTF_8);
    }

    /** Adds bytes the client is sent, as far as the limit allows. */
    void sent(Buffer bytes) {
        int room = maxBytes - response.length();
        if (bytes.length() > room) {
            responseTruncated = true;
        }
        if (room > 0) {
            response.appendBuffer(bytes, 0, Math.min(room, bytes.length()));
        }
    }

    CapturedBodies bodies(String requestId, Instant startedAt) {
        return new CapturedBodies(requestId, startedAt, request, response.toString(StandardCharsets.UTF_8),
                requestTruncated, responseTruncated);
    }
}
