package dev.parley.core.codec;

import java.util.Objects;

/**
 * A request to send to a provider: the path below the provider's base URL (with any query string) and the body.
 * Authentication headers are the server's business, never a codec's.
 */
public record UpstreamCall(String path, byte[] body) {

    public UpstreamCall {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(body, "body");
    }
}
