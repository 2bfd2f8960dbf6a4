package dev.parley.server;

import io.vertx.core.buffer.Buffer;

/**
 * The body bytes an exchange sends its client, in order, up to a limit: an idempotent request's result as its
 * duplicates will be sent it. Past the limit it keeps nothing more and says it overflowed.
 */
final class ResultRecorder {

    private final long limit;
    private final Buffer kept = Buffer.buffer();
    private boolean overflowed;

    ResultRecorder(long limit) {
        this.limit = limit;
    }

    void append(Buffer bytes) {
        if (overflowed) {
            return;
        }
        if (kept.length() + (long) bytes.length() > limit) {
            overflowed = true;
            return;
        }
        kept.appendBuffer(bytes);
    }

    boolean overflowed() {
        return overflowed;
    }

    byte[] bytes() {
        return kept.getBytes();
    }
}
