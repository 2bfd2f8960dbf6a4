package dev.parley.server;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.StreamDecoder;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.routing.UpstreamOutcome;
import dev.parley.core.sse.SseEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.util.List;

/**
 * Relays a provider's stream to a client of another protocol: each upstream event is decoded into internal
 * events, tool names are given back, and the client side encodes (or accumulates) them. A stream the provider
 * cuts becomes the decoder's {@link StreamEvent.Failure}, which the client sees as its protocol's error event.
 */
final class TranslatingRelay extends SseRelay {

    private final StreamDecoder decoder;
    private final ToolNameRestorer names;
    private final ClientSide client;

    TranslatingRelay(Routed routed, HttpClientResponse upstream, UpstreamWatch watch, StreamDecoder decoder,
                     ToolNameRestorer names, ClientSide client) {
        super(routed, upstream, watch);
        this.decoder = decoder;
        this.names = names;
        this.client = client;
    }

    @Override
    protected void onEvent(SseEvent event, Buffer out) {
        try {
            deliver(decoder.decode(event), out);
        } catch (RuntimeException e) {
            translationFailed(e, out);
        }
    }

    @Override
    protected boolean keepsAlive() {
        return true;
    }

    @Override
    protected byte[] keepAlive() {
        return client.keepAlive();
    }

    @Override
    protected void failInStream(ApiError error) {
        fail(error, Buffer.buffer());
    }

    @Override
    protected void onUpstreamEnd() {
        Buffer out = Buffer.buffer();
        if (!decoderEnded(out)) {
            return;
        }
        if (!client.finished() && !abandoned()
                && !retryBeforeOutput(new UpstreamOutcome.ConnectionFailed(false), streamCut())) {
            // The decoder had nothing to close the stream with: still never a clean end.
            fail(streamCut(), out);
        }
    }

    /** Lets the decoder close the stream; false if that failed (and the client was told). */
    private boolean decoderEnded(Buffer out) {
        try {
            deliver(decoder.end(), out);
        } catch (RuntimeException e) {
            translationFailed(e, out);
            return false;
        }
        return true;
    }

    @Override
    protected void onFailure(Throwable cause) {
        if (exchange.ended() || abandoned()) {
            return;
        }
        ApiError error = cutOrTimeout(cause);
        if (!retryBeforeOutput(new UpstreamOutcome.ConnectionFailed(error.kind() == ErrorKind.TIMEOUT), error)) {
            fail(error, Buffer.buffer());
        }
    }

    private void deliver(List<StreamEvent> events, Buffer out) {
        for (StreamEvent event : events) {
            // An error before the client saw anything: what was encoded for it so far is dropped with the attempt.
            if (event instanceof StreamEvent.Failure(ApiError error)
                    && retryBeforeOutput(new UpstreamOutcome.StreamError(error.kind()), error)) {
                return;
            }
            if (!released() && carriesOutput(event)) {
                release();
            }
            client.accept(names.restore(event), out, this::write);
            if (client.finished()) {
                return; // what the provider sends after its end is read and ignored, keeping the connection
            }
        }
    }

    /**
     * Whether the client's stream may start with this event: what the encoders write for a start, an empty block
     * or usage is only the preamble, held back so that a provider that never gets to its first token can still
     * be failed over. The end of the stream counts, so that an empty answer is still sent.
     */
    static boolean carriesOutput(StreamEvent event) {
        return switch (event) {
            case StreamEvent.TextDelta delta -> !delta.text().isEmpty();
            case StreamEvent.ThinkingDelta delta -> !delta.text().isEmpty();
            case StreamEvent.ToolCallStart _, StreamEvent.ArgumentsDelta _, StreamEvent.RedactedThinking _,
                 StreamEvent.SignatureDelta _, StreamEvent.Finish _, StreamEvent.Done _, StreamEvent.Failure _ -> true;
            case StreamEvent.Start _, StreamEvent.TextStart _, StreamEvent.ThinkingStart _, StreamEvent.BlockStop _,
                 StreamEvent.Usage _ -> false;
        };
    }

    private void translationFailed(RuntimeException e, Buffer out) {
        upstream.request().reset();
        ApiError error = e instanceof CodecException unreadable ? Translation.unreadable(routed, unreadable)
                : ApiError.of(ErrorKind.INTERNAL, "translation_failed", "Parley could not translate provider '"
                        + routed.providerName() + "''s stream: " + e.getClass().getSimpleName());
        fail(error, out);
    }

    /** Ends the client's stream with {@code error}, whatever state the client side is in. */
    private void fail(ApiError error, Buffer out) {
        if (!released()) {
            // Nothing reached the client: it gets a proper HTTP error, and the held preamble is dropped.
            exchange.fail(error);
            return;
        }
        try {
            client.accept(new StreamEvent.Failure(error), out, this::write);
        } catch (RuntimeException e) {
            // The encoder itself is broken: the protocol's generic error event below.
        }
        if (!exchange.ended()) {
            exchange.fail(error);
        }
    }
}
