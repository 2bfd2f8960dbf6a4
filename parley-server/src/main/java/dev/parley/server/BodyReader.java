package dev.parley.server;

import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Consumer;

/** Reads a request body up to a limit, refusing a larger one as soon as it is known to be too large. */
final class BodyReader {

    private BodyReader() {
    }

    static void read(Exchange exchange, long maxBytes, Consumer<byte[]> then) {
        HttpServerRequest request = exchange.request;
        String declared = request.getHeader("content-length");
        if (declared != null && parseLength(declared) > maxBytes) {
            tooLarge(exchange, maxBytes);
            return;
        }
        Buffer body = Buffer.buffer(declared == null ? 1024 : (int) Math.max(0, parseLength(declared)));
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBytes) {
                refused[0] = true;
                tooLarge(exchange, maxBytes);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> exchange.end());
        request.endHandler(v -> {
            if (!refused[0] && !exchange.ended()) {
                then.accept(body.getBytes());
            }
        });
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
