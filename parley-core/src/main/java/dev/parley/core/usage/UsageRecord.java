package dev.parley.core.usage;

import dev.parley.core.pricing.Cost;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.tenancy.Attribution;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the usage ledger: what one client request asked for, where it went and what it used.
 * Written once per authenticated request, whatever its outcome.
 *
 * @param requestId the {@code x-parley-request-id} the client saw
 * @param keyName the virtual key's name (never the key itself)
 * @param model the model name the client asked for
 * @param provider the provider that served the last attempt, if the request got that far
 * @param upstreamModel the provider's model name for that attempt
 * @param status the HTTP status the client received (200 for a stream that started, even if it failed later)
 * @param errorType empty on success; otherwise a short stable class such as {@code upstream_error}
 * @param latency from the request's arrival to its last byte
 * @param timeToFirstToken from arrival to the first byte of the upstream's answer, when there was one
 * @param attempts the number of upstream calls made
 * @param attemptLog each upstream attempt, in order: where it went, when, for how long, and how it ended
 * @param cost what the request cost, priced at its start from {@code usage} (an estimated usage gives a cost of
 *             that estimate); empty when no provider answered with usage or none of the prices matches the
 *             provider and upstream model (a local model, say)
 * @param priceVersion the version of the prices the row was priced with, so that it keeps them when they change;
 *                     empty for a row that was never priced
 * @param attribution the key, member, project and team the request is charged to (none for a configured key)
 */
public record UsageRecord(
        String requestId,
        Instant startedAt,
        String keyName,
        Protocol protocol,
        String model,
        Optional<String> provider,
        Optional<String> upstreamModel,
        boolean stream,
        int status,
        Optional<String> errorType,
        Duration latency,
        Optional<Duration> timeToFirstToken,
        TokenUsage usage,
        int attempts,
        List<AttemptLog> attemptLog,
        Optional<Cost> cost,
        Optional<String> priceVersion,
        Attribution attribution) {

    public UsageRecord {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(keyName, "keyName");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(upstreamModel, "upstreamModel");
        Objects.requireNonNull(errorType, "errorType");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(timeToFirstToken, "timeToFirstToken");
        Objects.requireNonNull(usage, "usage");
        attemptLog = List.copyOf(attemptLog);
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(priceVersion, "priceVersion");
        Objects.requireNonNull(attribution, "attribution");
    }

    /** A row of a configured key, charged to no team. */
    public UsageRecord(String requestId, Instant startedAt, String keyName, Protocol protocol, String model,
                       Optional<String> provider, Optional<String> upstreamModel, boolean stream, int status,
                       Optional<String> errorType, Duration latency, Optional<Duration> timeToFirstToken,
                       TokenUsage usage, int attempts, List<AttemptLog> attemptLog, Optional<Cost> cost,
                       Optional<String> priceVersion) {
        this(requestId, startedAt, keyName, protocol, model, provider, upstreamModel, stream, status, errorType,
                latency, timeToFirstToken, usage, attempts, attemptLog, cost, priceVersion, Attribution.NONE);
    }

    /** A row not priced yet. */
    public UsageRecord(String requestId, Instant startedAt, String keyName, Protocol protocol, String model,
                       Optional<String> provider, Optional<String> upstreamModel, boolean stream, int status,
                       Optional<String> errorType, Duration latency, Optional<Duration> timeToFirstToken,
                       TokenUsage usage, int attempts, List<AttemptLog> attemptLog) {
        this(requestId, startedAt, keyName, protocol, model, provider, upstreamModel, stream, status, errorType,
                latency, timeToFirstToken, usage, attempts, attemptLog, Optional.empty(), Optional.empty(),
                Attribution.NONE);
    }

    /** A row without per-attempt records. */
    public UsageRecord(String requestId, Instant startedAt, String keyName, Protocol protocol, String model,
                       Optional<String> provider, Optional<String> upstreamModel, boolean stream, int status,
                       Optional<String> errorType, Duration latency, Optional<Duration> timeToFirstToken,
                       TokenUsage usage, int attempts) {
        this(requestId, startedAt, keyName, protocol, model, provider, upstreamModel, stream, status, errorType,
                latency, timeToFirstToken, usage, attempts, List.of());
    }

    /** This row priced with the prices of {@code version}. */
    public UsageRecord withCost(Optional<Cost> priced, String version) {
        return new UsageRecord(requestId, startedAt, keyName, protocol, model, provider, upstreamModel, stream, status,
                errorType, latency, timeToFirstToken, usage, attempts, attemptLog, priced, Optional.of(version),
                attribution);
    }

    /** This row charged to {@code to}. */
    public UsageRecord withAttribution(Attribution to) {
        return new UsageRecord(requestId, startedAt, keyName, protocol, model, provider, upstreamModel, stream, status,
                errorType, latency, timeToFirstToken, usage, attempts, attemptLog, cost, priceVersion, to);
    }
}
