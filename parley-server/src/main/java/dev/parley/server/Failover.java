package dev.parley.server;

import dev.parley.core.protocol.ApiError;
import dev.parley.core.routing.UpstreamOutcome;

/** What becomes of an upstream attempt that failed: another attempt ({@link Attempts}), or the client's error. */
@FunctionalInterface
interface Failover {

    /** Every failure is the client's answer: for calls that are not retried (token counts, embeddings). */
    Failover NONE = (routed, outcome, error) -> routed.exchange().fail(error);

    void failed(Routed routed, UpstreamOutcome outcome, ApiError error);
}
