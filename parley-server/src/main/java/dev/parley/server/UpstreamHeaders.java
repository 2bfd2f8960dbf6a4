package dev.parley.server;

import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;
import java.util.Map;

/**
 * The upstream response headers a client may see: rate-limit state and timing. Everything else (cookies,
 * the provider's own request ids and organization names) stays behind Parley.
 */
final class UpstreamHeaders {

    private UpstreamHeaders() {
    }

    static void copy(HttpClientResponse upstream, HttpServerResponse response) {
        for (Map.Entry<String, String> header : upstream.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-ratelimit-") || name.startsWith("anthropic-ratelimit-")
                    || name.equals("retry-after") || name.equals("openai-processing-ms")) {
                response.headers().add(name, header.getValue());
            }
        }
    }
}
