package dev.parley.server;

import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.routing.Channel;
import dev.parley.core.routing.KeySlot;
import dev.parley.core.routing.UpstreamOutcome;

/**
 * One attempt at a model request once Parley knows who serves it: the client's protocol, the channel and key
 * picked for it, the protocol Parley speaks to that channel's provider, and what becomes of a failure.
 *
 * @param model the model name as the client asked for it
 */
record Routed(Exchange exchange, Channel channel, KeySlot key, Protocol client, Protocol upstream, String model,
              boolean stream, Failover failover) {

    boolean sameProtocol() {
        return client == upstream;
    }

    String providerName() {
        return channel.provider().name();
    }

    /**
     * This attempt failed before a byte reached the client (or after: the failover then only reports it): another
     * attempt, or the client's error.
     */
    void failed(UpstreamOutcome outcome, ApiError error) {
        failover.failed(this, outcome, error);
    }

    Routed withFailover(Failover next) {
        return new Routed(exchange, channel, key, client, upstream, model, stream, next);
    }
}
