package dev.parley.server;

import dev.parley.core.health.Attempt;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.routing.Channel;
import dev.parley.core.routing.KeySlot;
import dev.parley.core.routing.UpstreamOutcome;
import dev.parley.core.usage.AttemptOutcome;

/**
 * One attempt at a model request once Parley knows who serves it: the client's protocol, the channel and key
 * picked for it, the protocol Parley speaks to that channel's provider, and what becomes of a failure.
 *
 * @param model the model name as the client asked for it
 * @param health the channel's health attempt, begun when the channel was chosen; the exchange ends it
 */
record Routed(Exchange exchange, Channel channel, KeySlot key, Protocol client, Protocol upstream, String model,
              boolean stream, Failover failover, Attempt<Channel> health) {

    boolean sameProtocol() {
        return client == upstream;
    }

    String providerName() {
        return channel.provider().name();
    }

    /**
     * This attempt failed before a byte reached the client (or after: the failover then only reports it): its
     * outcome is recorded, then another attempt or the client's error.
     */
    void failed(UpstreamOutcome outcome, ApiError error) {
        exchange.endAttempt(this, outcomeOf(outcome, error.code().filter(SseRelay.STREAM_CUT::equals).isPresent()));
        failover.failed(this, outcome, error);
    }

    Routed withFailover(Failover next) {
        return new Routed(exchange, channel, key, client, upstream, model, stream, next, health);
    }

    /**
     * How a failure the failover is told about is recorded.
     *
     * @param cut whether the failure is a body or stream that ended early, rather than no response at all
     */
    static AttemptOutcome outcomeOf(UpstreamOutcome outcome, boolean cut) {
        return switch (outcome) {
            case UpstreamOutcome.Status(int status, var kind) -> new AttemptOutcome.HttpStatus(status, kind);
            case UpstreamOutcome.StreamError(var kind) -> new AttemptOutcome.StreamError(kind);
            case UpstreamOutcome.ConnectionFailed(boolean timedOut) -> timedOut ? AttemptOutcome.TIMED_OUT
                    : cut ? AttemptOutcome.CUT : AttemptOutcome.CONNECTION_FAILED;
        };
    }
}
