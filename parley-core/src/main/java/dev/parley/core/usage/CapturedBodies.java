package dev.parley.core.usage;

import java.time.Instant;
import java.util.Objects;

/**
 * The request and response bodies of one request, kept only when its key's rules ask for it ({@code log_bodies}).
 * Each side is the text as it crossed Parley's front (the client's request as received; the response as the client
 * received it, a stream's events included), cut at a configured size.
 *
 * @param requestId the request's {@code x-parley-request-id}, which ties the bodies to their ledger row
 * @param startedAt when the request arrived, which retention purges by
 * @param request the client's request body
 * @param response what the client was sent
 * @param requestTruncated whether {@code request} was cut at the size limit
 * @param responseTruncated whether {@code response} was cut at the size limit
 */
public record CapturedBodies(String requestId, Instant startedAt, String request, String response,
                             boolean requestTruncated, boolean responseTruncated) {

    public CapturedBodies {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
    }
}
