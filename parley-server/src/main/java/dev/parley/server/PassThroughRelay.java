package dev.parley.server;

import dev.parley.core.codec.Codecs;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.routing.UpstreamOutcome;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.tokens.StreamMeter;
import dev.parley.core.usage.AttemptOutcome;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/**
 * Relays a stream to a client of the provider's own protocol, each event with its bytes unchanged (the
 * {@link StreamTap} may hold back an event the client did not ask for, and says which events are only the
 * preamble, which waits for the first output). A stream that ends without its protocol's end marker reaches the
 * client as an error event, never as a clean end.
 */
final class PassThroughRelay extends SseRelay {

    private final StreamTap tap;
    /**
     * Meters the answer with the provider codec's reading, the one a translated stream gets, so that both bill alike;
     * it decodes only the events that carry usage or the end, and the rest only if an estimate needs the text.
     */
    private final StreamMeter meter;

    PassThroughRelay(Routed routed, HttpClientResponse upstream, UpstreamWatch watch, StreamTap tap) {
        super(routed, upstream, watch);
        this.tap = tap;
        this.meter = exchange.metered(new StreamMeter(Codecs.upstream(routed.upstream())::streamDecoder));
    }

    @Override
    protected void onEvent(SseEvent event, Buffer out) {
        boolean forward = tap.accept(event);
        if (tap.failed() && retryBeforeOutput(new UpstreamOutcome.StreamError(kindOf(event)), inStreamError(event))) {
            return;
        }
        meter.accept(event);
        if (!released() && !tap.preamble(event)) {
            release();
        }
        if (forward) {
            // An error event is the provider's words, which may echo the key it was sent; others go as they came.
            out.appendBytes(tap.failed() ? exchange.redaction.redact(event.raw()) : event.raw());
        }
    }

    @Override
    protected void onUpstreamEnd() {
        meter.end();
        if (tap.failed()) {
            exchange.errorType("upstream_stream_error");
            exchange.endAttempt(routed, new AttemptOutcome.StreamError(ErrorKind.UPSTREAM));
        } else if (!tap.completed()) {
            if (!retryBeforeOutput(new UpstreamOutcome.ConnectionFailed(false), streamCut())) {
                exchange.fail(streamCut());
            }
            return;
        }
        release();
        write(Buffer.buffer());
        exchange.finish();
    }

    /**
     * The provider's in-stream error, roughly: the tap only knows that it is one. A rate limit is told apart because
     * it means another key, not the same one again; anything else counts as the provider's transient trouble.
     */
    private static ErrorKind kindOf(SseEvent event) {
        String data = event.data();
        return data.contains("rate_limit") || data.contains("RESOURCE_EXHAUSTED") ? ErrorKind.RATE_LIMITED
                : ErrorKind.UPSTREAM;
    }

    private ApiError inStreamError(SseEvent event) {
        return ApiError.of(kindOf(event), "Provider '" + routed.providerName() + "' reported an error in its stream.");
    }
}
