package dev.parley.testkit;

import io.vertx.core.buffer.Buffer;
import java.util.Map;

/** An HTTP error as a protocol would send it: status, the extra headers it carries, and the JSON body. */
record ErrorResponse(int status, Map<String, String> headers, Buffer body) {

    ErrorResponse {
        headers = Map.copyOf(headers);
    }
}
