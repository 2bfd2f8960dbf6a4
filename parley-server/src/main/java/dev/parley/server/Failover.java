package dev.parley.server;

import dev.parley.core.protocol.ApiError;
import dev.parley.core.routing.FailureClass;
import dev.parley.core.routing.UpstreamOutcome;

/** What becomes of an upstream attempt that failed: another attempt ({@link Attempts}), or the client's error. */
interface Failover {

    /** Every failure is the client's answer: for calls that are not retried (token counts, embeddings). */
    Failover NONE = new Failover() {
        @Override
        public void failed(Routed routed, UpstreamOutcome outcome, ApiError error) {
            routed.exchange().fail(error);
        }

        @Override
        public boolean wouldTryAgain(FailureClass failure) {
            return false;
        }
    };

    void failed(Routed routed, UpstreamOutcome outcome, ApiError error);

    /**
     * Whether a failure of this class could lead to another attempt, so that a same-protocol client's error may be
     * relayed as the provider wrote it when it will not.
     */
    boolean wouldTryAgain(FailureClass failure);
}
