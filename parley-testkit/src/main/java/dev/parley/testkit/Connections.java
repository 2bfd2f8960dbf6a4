package dev.parley.testkit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Drops connections the way a failing provider does. Vert.x's own close is graceful, so this goes to the Netty
 * channel underneath: a plain close for a cut stream (FIN, the client sees EOF inside the body) and, with a zero
 * linger, a reset (RST) for a connection that never answers.
 */
final class Connections {

    private Connections() {}

    static void cut(HttpConnection connection) {
        close(connection, false);
    }

    static void reset(HttpConnection connection) {
        close(connection, true);
    }

    private static void close(HttpConnection connection, boolean reset) {
        if (connection instanceof ConnectionBase base) {
            Channel channel = base.channel();
            if (reset) {
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
            }
            channel.close();
        } else {
            connection.close();
        }
    }
}
