package dev.parley.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Model requests Parley sends itself on a virtual key's behalf (a batch's items, a dead letter's replay), over its
 * own port, so that they take the path every request takes: authentication, admission (limits, budgets), the wait
 * queue at the lowest priority, routing, retries and fallbacks, and the ledger, whose row is the key's. They
 * authenticate with a token made at start-up that never leaves the process, naming the key in {@value #AS_HEADER};
 * the admin API never accepts it.
 */
final class InternalCalls {

    static final String AS_HEADER = "x-parley-internal-as";
    /**
     * On an internal request's error answer: its upstream attempts (provider, upstream model, status, outcome), for
     * a dead letter's error history. Only internal requests get it.
     */
    static final String ATTEMPT_LOG_HEADER = "x-parley-attempt-log";
    /** The lowest priority: such work waits behind every interactive request. */
    static final String PRIORITY = "low";

    private final byte[] token;
    private final Supplier<String> baseUrl;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    InternalCalls(Supplier<String> baseUrl) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.token = ("internal-" + HexFormat.of().formatHex(random)).getBytes(StandardCharsets.UTF_8);
        this.baseUrl = baseUrl;
    }

    /** Whether {@code presented} is this process's token (compared in constant time). */
    boolean presents(String presented) {
        return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What an internal request got. An empty request id means the request never reached Parley (every answer of
     * Parley's carries one).
     *
     * @param headers the answer's headers, lower-case names, first values
     */
    record Answer(int status, Optional<String> requestId, String body, Map<String, String> headers) {
        Answer {
            headers = Map.copyOf(headers);
        }

        Answer(int status, Optional<String> requestId, String body) {
            this(status, requestId, body, Map.of());
        }

        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }
    }

    /**
     * Sends {@code body} to {@code endpoint} as the key {@code keyScope} names ({@code key:<id>} or
     * {@code name:<configured name>}) and waits for the whole answer. Blocks: for worker threads only.
     */
    Answer post(String keyScope, String endpoint, byte[] body, Duration timeout) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl.get() + endpoint)).timeout(timeout)
                .header("authorization", "Bearer " + new String(token, StandardCharsets.UTF_8))
                .header(AS_HEADER, keyScope)
                .header("x-parley-priority", PRIORITY)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            Map<String, String> headers = new HashMap<>();
            response.headers().map().forEach((name, values) -> {
                if (!values.isEmpty()) {
                    headers.put(name.toLowerCase(Locale.ROOT), values.getFirst());
                }
            });
            return new Answer(response.statusCode(), response.headers().firstValue("x-parley-request-id"),
                    response.body(), headers);
        } catch (java.io.IOException e) {
            return new Answer(502, Optional.empty(), "{\"error\":{\"message\":\"Parley could not reach itself: "
                    + e.getClass().getSimpleName() + "\"}}");
        }
    }
}
