package dev.parley.server;

import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;

/**
 * The credential a client sent, wherever its SDK puts it: OpenAI's {@code Authorization: Bearer}, Anthropic's
 * {@code x-api-key}, Google's {@code x-goog-api-key} or {@code ?key=}. Any of them works on any endpoint, so
 * one Parley key serves every client.
 */
final class PresentedKey {

    private PresentedKey() {
    }

    static Optional<String> from(HttpServerRequest request) {
        String authorization = request.getHeader("authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return nonBlank(authorization.substring(7));
        }
        String apiKey = request.getHeader("x-api-key");
        if (apiKey != null) {
            return nonBlank(apiKey);
        }
        String googKey = request.getHeader("x-goog-api-key");
        if (googKey != null) {
            return nonBlank(googKey);
        }
        return Optional.ofNullable(request.getParam("key")).flatMap(PresentedKey::nonBlank);
    }

    private static Optional<String> nonBlank(String value) {
        String trimmed = value.trim();
        return trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed);
    }
}
