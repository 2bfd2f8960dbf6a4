package dev.parley.testkit;

import java.time.Instant;

/**
 * The client closed the connection before the fake had finished answering: mid-stream, during a stall, or while
 * the fake was still waiting to send headers. The fake's own deliberate closes (cuts, resets) are not hang-ups.
 *
 * @param eventsSent stream events already written when the client left (0 before headers, or for a plain body)
 */
public record HangUp(RecordedRequest request, int eventsSent, Instant at) {}
