package dev.parley.server;

import dev.parley.core.sse.SseEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/**
 * Relays a stream to a client of the provider's own protocol, each event with its bytes unchanged (the
 * {@link StreamTap} may hold back an event the client did not ask for). A stream that ends without its
 * protocol's end marker reaches the client as an error event, never as a clean end.
 */
final class PassThroughRelay extends SseRelay {

    private final StreamTap tap;

    PassThroughRelay(Routed routed, HttpClientResponse upstream, StreamTap tap) {
        super(routed, upstream);
        this.tap = tap;
    }

    @Override
    protected void onEvent(SseEvent event, Buffer out) {
        boolean forward = tap.accept(event);
        tap.usage().ifPresent(exchange::usage);
        if (forward) {
            out.appendBytes(event.raw());
        }
    }

    @Override
    protected void onUpstreamEnd() {
        if (tap.failed()) {
            exchange.errorType("upstream_stream_error");
        } else if (!tap.completed()) {
            exchange.fail(streamCut());
            return;
        }
        response.end();
        exchange.end();
    }
}
