package dev.parley.testkit;

import java.time.Instant;

/**
 * One reply about to be rendered, with everything a renderer needs beyond the script: the model the client
 * named, the exchange number that ids derive from, the clock reading, and the Chat {@code include_usage} flag.
 */
record Turn(Reply reply, String model, long number, Instant createdAt, boolean includeUsage) {

    /** A stable id such as {@code chatcmpl-fake000042}; tests can predict it from the request order. */
    String id(String prefix) {
        return prefix + "fake" + String.format("%06d", number);
    }

    /** The id of the {@code index}-th output piece, for protocols that number items ({@code msg_}, {@code fc_}). */
    String itemId(String prefix, int index) {
        return id(prefix) + "_" + index;
    }

    String toolCallId(String prefix, int index, Piece.ToolCall call) {
        return call.id().orElseGet(() -> itemId(prefix, index));
    }

    long createdSeconds() {
        return createdAt.getEpochSecond();
    }
}
