package dev.parley.server;

import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads a request body up to a limit, refusing a larger one as soon as it is known to be too large, and one that
 * has not arrived in full within the body timeout (a client trickling its body to hold a connection).
 */
final class BodyReader {

    private BodyReader() {
    }

    static void read(Exchange exchange, long maxBytes, Duration timeout, Consumer<byte[]> then) {
        HttpServerRequest request = exchange.request;
        String header = request.getHeader("content-length");
        long declared = header == null ? -1 : parseLength(header);
        if (declared > maxBytes) {
            tooLarge(exchange, maxBytes);
            return;
        }
        // Without a usable length, a first guess that grows.
        Body body = new Body(declared < 0 ? 1024 : (int) declared);
        Context context = Objects.requireNonNull(Vertx.currentContext(), "an event loop");
        body.timer = Optional.of(LoopTimer.after(context, timeout.toNanos(), () -> expired(exchange, body, timeout)));
        request.handler(chunk -> {
            if (body.settled) {
                return;
            }
            if ((long) body.length + chunk.length() > maxBytes) {
                body.settle();
                tooLarge(exchange, maxBytes);
                return;
            }
            body.append(chunk);
        });
        request.exceptionHandler(e -> {
            body.settle();
            exchange.end();
        });
        request.endHandler(v -> {
            boolean complete = !body.settled && !exchange.ended();
            body.settle();
            if (complete) {
                then.accept(body.bytes());
            }
        });
    }

    private static void expired(Exchange exchange, Body body, Duration timeout) {
        if (!body.settled && !exchange.ended()) {
            body.settle();
            exchange.closeConnectionAfter();
            exchange.fail(ApiError.of(ErrorKind.CLIENT_TIMEOUT, "request_timeout", "The request body did not"
                    + " arrive within " + timeout.toSeconds() + " s (server.limits.body_timeout)."))
                    .onComplete(written -> {
                        // HTTP/2: only this stream is given up, not the connection other requests share.
                        if (exchange.http1()) {
                            exchange.request.connection().close();
                        }
                    });
        }
    }

    /**
     * The bytes read so far, in an array sized by the declared length: each chunk is copied once, from the
     * connection's buffer into the array that becomes the body, and a body of the declared length is handed on as
     * it is (a coding agent's prompt is hundreds of kilobytes; a growable buffer copied it once more at the end).
     * A body without a declared length, or other than declared (HTTP/2 does not bind the two), grows or is cut.
     */
    private static final class Body {
        private byte[] bytes;
        private int length;
        /** Read in full, refused, or given up: nothing more is read, and the timeout is over. */
        private boolean settled;
        private Optional<LoopTimer> timer = Optional.empty();

        Body(int expected) {
            bytes = new byte[expected];
        }

        void append(Buffer chunk) {
            int size = chunk.length();
            if (length + size > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(length + size, bytes.length * 2));
            }
            chunk.getBytes(0, size, bytes, length);
            length += size;
        }

        void settle() {
            settled = true;
            timer.ifPresent(LoopTimer::cancel);
            timer = Optional.empty();
        }

        byte[] bytes() {
            return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
        }
    }

    private static void tooLarge(Exchange exchange, long maxBytes) {
        // The rest of the body is not read, so the connection cannot be reused.
        exchange.closeConnectionAfter();
        exchange.fail(ApiError.of(ErrorKind.PAYLOAD_TOO_LARGE,
                "The request body is larger than Parley's limit of " + maxBytes + " bytes."))
                .onComplete(written -> {
                    if (exchange.http1()) {
                        exchange.request.connection().close();
                    }
                });
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
