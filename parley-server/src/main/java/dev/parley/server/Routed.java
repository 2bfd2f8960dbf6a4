package dev.parley.server;

import dev.parley.core.protocol.Protocol;
import dev.parley.core.routing.Channel;

/**
 * A model request once Parley knows who serves it: the client's protocol, the channel picked for it, and the
 * protocol Parley speaks to that channel's provider.
 *
 * @param model the model name as the client asked for it
 */
record Routed(Exchange exchange, Channel channel, Protocol client, Protocol upstream, String model, boolean stream) {

    boolean sameProtocol() {
        return client == upstream;
    }

    String providerName() {
        return channel.provider().name();
    }
}
