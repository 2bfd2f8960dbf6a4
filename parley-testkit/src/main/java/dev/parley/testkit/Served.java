package dev.parley.testkit;

import java.time.Instant;

/**
 * A reply delivered completely: the body or the whole stream, terminator included, was written to the socket.
 * Its usage counts as billed even when the wire did not report it (a Chat stream without {@code include_usage}),
 * as a real provider would still charge for it.
 */
public record Served(RecordedRequest request, WireFormat format, boolean streamed, Usage usage, Instant at) {}
