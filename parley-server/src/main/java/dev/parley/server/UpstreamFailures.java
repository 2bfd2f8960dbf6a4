package dev.parley.server;

import dev.parley.core.codec.Json;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.routing.Channel;
import dev.parley.core.routing.RetryAfter;
import dev.parley.core.routing.UpstreamOutcome;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import java.net.ConnectException;
import java.security.cert.CertificateException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Turns what went wrong upstream into the error a client sees. Provider credentials problems are Parley's
 * problem, not the client's, so they become a 502 and the provider's text (which may echo a key) is dropped.
 */
final class UpstreamFailures {

    private static final int MAX_MESSAGE = 500;

    private UpstreamFailures() {
    }

    /**
     * Whether an error response is about the client's request, so that a same-protocol client may see it as the
     * provider wrote it. Gemini refuses a bad key with 400 {@code API_KEY_INVALID}: that one is Parley's problem.
     */
    static boolean clientsOwnMistake(Protocol upstream, int status, byte[] body) {
        return status >= 400 && status < 500 && status != 401 && status != 402 && status != 403 && status != 429
                && !(upstream == Protocol.GEMINI && keyRefusedByGemini(body));
    }

    private static boolean keyRefusedByGemini(byte[] body) {
        return new String(body, StandardCharsets.UTF_8).contains("API_KEY_INVALID");
    }

    /**
     * The error a provider's codec read from its error response, with Parley's policy applied: a refused
     * provider credential is Parley's problem and its text is dropped; a retry delay from the headers is kept
     * when the body had none.
     */
    static ApiError fromParsed(Channel channel, Redaction redaction, Protocol upstream, int status, MultiMap headers,
                               byte[] body, ApiError parsed) {
        if (status == 401 || status == 403 || (upstream == Protocol.GEMINI && keyRefusedByGemini(body))) {
            return credentialsRefused(channel, status);
        }
        ApiError clean = redaction.redact(parsed);
        if (clean.retryAfter().isPresent()) {
            return clean;
        }
        return retryAfter(headers).map(clean::withRetryAfter).orElse(clean);
    }

    private static ApiError credentialsRefused(Channel channel, int status) {
        return ApiError.of(ErrorKind.UPSTREAM, "upstream_auth_failed",
                "Provider '" + channel.provider().name() + "' refused Parley's credentials (HTTP " + status + ").");
    }

    /**
     * The error of a response the provider's codec could not read: its status and the provider's words, redacted
     * (a provider may echo the key it was sent in any error, a rate limit "for key sk-...", and its words reach the
     * client, the log and the dead-letter queue).
     */
    static ApiError fromStatus(Channel channel, Redaction redaction, Protocol upstream, int status, MultiMap headers,
                               byte[] body) {
        if (upstream == Protocol.GEMINI && keyRefusedByGemini(body)) {
            return credentialsRefused(channel, status);
        }
        ApiError error = fromStatus(channel, redaction, status, body);
        return retryAfter(headers).or(() -> retryInfo(body)).map(error::withRetryAfter).orElse(error);
    }

    private static ApiError fromStatus(Channel channel, Redaction redaction, int status, byte[] body) {
        String provider = channel.provider().name();
        // Redacted before it is cut short, so that no part of a key survives the cut.
        String upstreamMessage = shorten(redaction.redact(message(body).orElse("HTTP " + status)));
        ApiError error = switch (status) {
            case 401, 403 -> credentialsRefused(channel, status);
            case 402 -> ApiError.of(ErrorKind.BILLING, "Provider '" + provider + "': " + upstreamMessage);
            case 429 -> ApiError.of(ErrorKind.RATE_LIMITED, "Provider '" + provider + "' is rate limiting: " + upstreamMessage);
            case 529 -> ApiError.of(ErrorKind.OVERLOADED, "Provider '" + provider + "' is overloaded: " + upstreamMessage);
            case 503 -> ApiError.of(ErrorKind.UNAVAILABLE, "Provider '" + provider + "' is unavailable: " + upstreamMessage);
            case 504 -> ApiError.of(ErrorKind.TIMEOUT, "Provider '" + provider + "' timed out: " + upstreamMessage);
            default -> ApiError.of(status >= 500 ? ErrorKind.UPSTREAM : ErrorKind.INVALID_REQUEST,
                    "Provider '" + provider + "' returned HTTP " + status + ": " + upstreamMessage);
        };
        return error;
    }

    static ApiError fromException(Channel channel, Throwable cause) {
        String provider = channel.provider().name();
        if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
            return ApiError.of(ErrorKind.TIMEOUT, "Provider '" + provider + "' did not answer in time.");
        }
        if (tlsFailure(cause)) {
            // The handshake's own text may name hosts and certificate fields; the client needs only what failed.
            return ApiError.of(ErrorKind.UPSTREAM, "The TLS certificate of provider '" + provider
                    + "' could not be verified.");
        }
        if (cause instanceof UpstreamTargets.AddressNotAllowed) {
            // The log names the host and the address; the client learns only that the provider may not be called.
            return ApiError.of(ErrorKind.UPSTREAM, "upstream_address_not_allowed", "The upstream address of provider '"
                    + provider + "' is not allowed.");
        }
        if (cause instanceof ConnectException) {
            return ApiError.of(ErrorKind.UPSTREAM, "Parley could not connect to provider '" + provider + "'.");
        }
        if (cause instanceof HttpClosedException || cause instanceof StreamResetException) {
            return ApiError.of(ErrorKind.UPSTREAM, "Provider '" + provider + "' closed the connection.");
        }
        return ApiError.of(ErrorKind.UPSTREAM, "Calling provider '" + provider + "' failed: " + cause.getClass().getSimpleName());
    }

    /** A handshake that failed: an untrusted, expired or wrong-host certificate, wherever it is in the chain. */
    private static boolean tlsFailure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    private static String shorten(String text) {
        return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text;
    }

    /** The provider's own words, which clients pattern-match (e.g. context-length messages). */
    static Optional<String> message(byte[] body) {
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            JsonNode error = root.path("error");
            JsonNode message = error.isObject() ? error.path("message") : root.path("message");
            if (message.isString() && !message.asString().isBlank()) {
                return Optional.of(message.asString());
            }
        } catch (JacksonException e) {
            // Not JSON: the status alone will have to do.
        }
        return Optional.empty();
    }

    /** Google's {@code error.details[].RetryInfo.retryDelay}, e.g. {@code "12s"} or {@code "1.5s"}. */
    static Optional<Duration> retryInfo(byte[] body) {
        try {
            for (JsonNode detail : Json.MAPPER.readTree(body).path("error").path("details")) {
                String delay = detail.path("retryDelay").asString("");
                if (detail.path("@type").asString("").endsWith("google.rpc.RetryInfo") && delay.endsWith("s")) {
                    double seconds = Double.parseDouble(delay.substring(0, delay.length() - 1));
                    return Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
                }
            }
        } catch (JacksonException | NumberFormatException e) {
            // No usable hint: the client will back off on its own.
        }
        return Optional.empty();
    }

    /** {@code Retry-After} in either form, seconds or HTTP-date, as a delay from now. */
    static Optional<Duration> retryAfter(MultiMap headers) {
        return Optional.ofNullable(headers.get("retry-after")).flatMap(value -> RetryAfter.parse(value, Instant.now()));
    }

    /**
     * What an error response means for the next attempt. Gemini refuses a bad key with a 400 whose body says so:
     * that key is dead, not the request wrong.
     */
    static UpstreamOutcome outcome(Protocol upstream, int status, byte[] body, ErrorKind kind) {
        boolean keyRefused = upstream == Protocol.GEMINI && keyRefusedByGemini(body);
        return new UpstreamOutcome.Status(status, keyRefused ? ErrorKind.AUTHENTICATION : kind);
    }
}
