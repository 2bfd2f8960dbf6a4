package dev.parley.server;

import dev.parley.core.health.CircuitState;
import dev.parley.core.routing.ChannelVerdict;
import dev.parley.core.usage.AttemptLog;
import dev.parley.core.usage.AttemptOutcome;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upstream attempt of an exchange, from its send to its outcome: the ledger's {@link AttemptLog}, and the
 * channel's health verdict ({@link ChannelVerdict}), given once. Lives on the exchange's event loop.
 */
final class AttemptTrace {

    private static final Logger LOG = LoggerFactory.getLogger(AttemptTrace.class);

    private final Routed routed;
    private final long startedNanos = System.nanoTime();
    private OptionalInt upstreamStatus = OptionalInt.empty();
    private Optional<Duration> firstByte = Optional.empty();
    private Optional<AttemptOutcome> outcome = Optional.empty();
    private long endedNanos;

    AttemptTrace(Routed routed) {
        this.routed = routed;
    }

    Routed routed() {
        return routed;
    }

    boolean ended() {
        return outcome.isPresent();
    }

    /** The status line and headers arrived: the first byte, as far as the channel's latency is concerned. */
    void responded(int status) {
        upstreamStatus = OptionalInt.of(status);
        long now = System.nanoTime();
        firstByte = Optional.of(Duration.ofNanos(now - startedNanos));
        routed.health().firstByte(now);
    }

    OptionalInt upstreamStatus() {
        return upstreamStatus;
    }

    /** Records the outcome and reports its verdict to the channel's health; later calls do nothing. */
    void end(AttemptOutcome result) {
        if (ended()) {
            return;
        }
        endedNanos = System.nanoTime();
        outcome = Optional.of(result);
        var breaker = routed.health().target().breaker();
        boolean wasOpen = breaker.state() instanceof CircuitState.Open;
        ChannelVerdict.of(result).report(routed.health(), endedNanos);
        if (!wasOpen && breaker.state() instanceof CircuitState.Open open) {
            LOG.warn("Circuit of channel {}/{} opened (trip {}): it gets no traffic for {} ms.", routed.providerName(),
                    routed.channel().upstreamModel(), open.trips(),
                    Duration.ofNanos(Math.max(0, open.untilNanos() - endedNanos)).toMillis());
        }
    }

    /** How it ended, once it has. */
    Optional<AttemptOutcome> outcome() {
        return outcome;
    }

    /**
     * The ledger's line for this attempt; one still open is listed as abandoned. The ledger's rollups of it are
     * what the channel's status page shows.
     */
    AttemptLog log(long requestReceivedNanos) {
        long end = ended() ? endedNanos : System.nanoTime();
        return new AttemptLog(routed.providerName(), routed.channel().upstreamModel(), routed.key().position(),
                Duration.ofNanos(Math.max(0, startedNanos - requestReceivedNanos)),
                Duration.ofNanos(Math.max(0, end - startedNanos)), outcome.orElse(AttemptOutcome.ABANDONED),
                firstByte);
    }
}
