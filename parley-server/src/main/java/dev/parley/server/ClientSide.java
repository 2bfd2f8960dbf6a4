package dev.parley.server;

import dev.parley.core.codec.ClientCodec;
import dev.parley.core.codec.StreamEncoder;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.StreamAccumulator;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.tokens.UsageMeter;
import io.vertx.core.buffer.Buffer;
import java.util.Locale;

/**
 * Where translated events go: encoded as the client's own stream, or folded into one answer for a client that
 * did not ask for a stream. Either way the response ends exactly once, with {@link StreamEvent.Done} or
 * {@link StreamEvent.Failure}; events after that are ignored.
 */
abstract sealed class ClientSide permits ClientSide.Streaming, ClientSide.Whole {

    protected final Exchange exchange;
    private final UsageMeter meter;
    private boolean finished;

    ClientSide(Exchange exchange) {
        this.exchange = exchange;
        this.meter = exchange.meter();
    }

    static ClientSide of(Exchange exchange, ClientCodec codec, ChatRequest request) {
        return request.stream() ? new Streaming(exchange, codec.streamEncoder(request))
                : new Whole(exchange, codec, request);
    }

    /**
     * Takes one event; bytes for the client go to {@code out}, which the caller writes (and {@code write} flushes
     * before the response ends).
     */
    final void accept(StreamEvent event, Buffer out, SseWriter write) {
        if (finished) {
            return;
        }
        meter.accept(event);
        switch (event) {
            case StreamEvent.Done d -> {
                finished = true;
                done(out, write);
            }
            case StreamEvent.Failure f -> {
                finished = true;
                failed(f.error(), out, write);
            }
            // Listed, not defaulted: a new kind of event must be thought about here.
            case StreamEvent.Start _, StreamEvent.TextStart _, StreamEvent.ThinkingStart _, StreamEvent.ToolCallStart _,
                 StreamEvent.RedactedThinking _, StreamEvent.TextDelta _, StreamEvent.ThinkingDelta _,
                 StreamEvent.SignatureDelta _, StreamEvent.ArgumentsDelta _, StreamEvent.BlockStop _,
                 StreamEvent.Usage _, StreamEvent.Finish _ -> next(event, out);
        }
    }

    boolean finished() {
        return finished;
    }

    /** Bytes that keep the client's stream alive, or none where its protocol has no such thing. */
    abstract byte[] keepAlive();

    protected abstract void next(StreamEvent event, Buffer out);

    protected abstract void done(Buffer out, SseWriter write);

    protected abstract void failed(ApiError error, Buffer out, SseWriter write);

    /** Writes event bytes to the client, starting the response if it has not started. */
    interface SseWriter {
        void write(Buffer out);
    }

    static final class Streaming extends ClientSide {
        private final StreamEncoder encoder;

        Streaming(Exchange exchange, StreamEncoder encoder) {
            super(exchange);
            this.encoder = encoder;
        }

        @Override
        byte[] keepAlive() {
            return finished() ? new byte[0] : encoder.keepAlive();
        }

        @Override
        protected void next(StreamEvent event, Buffer out) {
            out.appendBytes(encoder.encode(event));
        }

        @Override
        protected void done(Buffer out, SseWriter write) {
            out.appendBytes(encoder.encode(new StreamEvent.Done()));
            write.write(out);
            exchange.finish();
        }

        @Override
        protected void failed(ApiError failure, Buffer out, SseWriter write) {
            // The provider's words, in the client's protocol: redacted like every error Parley renders.
            ApiError error = exchange.redaction.redact(failure);
            if (!exchange.response.headWritten() && out.length() == 0) {
                // Nothing reached the client yet: it can still get a proper HTTP error.
                exchange.fail(error);
                return;
            }
            byte[] event = encoder.encode(new StreamEvent.Failure(error));
            if (event.length == 0) {
                write.write(out);
                exchange.fail(error); // the protocol's generic in-stream error event
                return;
            }
            out.appendBytes(event);
            write.write(out);
            exchange.errorType(error.kind().name().toLowerCase(Locale.ROOT));
            exchange.finish();
        }
    }

    static final class Whole extends ClientSide {
        private final ClientCodec codec;
        private final ChatRequest request;
        private final StreamAccumulator accumulator = new StreamAccumulator();

        Whole(Exchange exchange, ClientCodec codec, ChatRequest request) {
            super(exchange);
            this.codec = codec;
            this.request = request;
        }

        @Override
        byte[] keepAlive() {
            return new byte[0]; // nothing may precede a JSON body
        }

        @Override
        protected void next(StreamEvent event, Buffer out) {
            accumulator.accept(event);
        }

        @Override
        protected void done(Buffer out, SseWriter write) {
            byte[] body = codec.writeResponse(accumulator.response(), request);
            exchange.response.setStatusCode(200).putHeader("content-type", "application/json");
            exchange.finish(Buffer.buffer(body));
        }

        @Override
        protected void failed(ApiError error, Buffer out, SseWriter write) {
            exchange.fail(error);
        }
    }
}
