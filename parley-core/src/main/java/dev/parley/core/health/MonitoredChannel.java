package dev.parley.core.health;

import java.util.Objects;
import java.util.Optional;

/**
 * A channel as the selector sees it: the caller's own channel value, its tier and weight from the config, and its
 * live health and breaker. Generic in the channel so that this package needs nothing from routing.
 *
 * @param channel what the caller routes to; compared with {@code equals} against the exclusion set
 * @param priority the tier, lowest first
 * @param weight the share of traffic within the tier; 0 keeps the channel for failover within its tier
 */
public record MonitoredChannel<C>(C channel, int priority, int weight, ChannelHealth health, CircuitBreaker breaker) {

    public MonitoredChannel {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(breaker, "breaker");
        if (weight < 0) {
            throw new IllegalArgumentException("weight cannot be negative");
        }
    }

    /** Whether a request could be sent here now (the circuit is closed, or half-open with its probe slot free). */
    public boolean available(long nowNanos) {
        return breaker.available(nowNanos);
    }

    /**
     * Starts a request here if the breaker lets it through; the attempt must then be ended exactly once.
     * Empty when the circuit is open or another request holds the probe slot.
     */
    public Optional<Attempt<C>> tryBegin(long nowNanos) {
        return breaker.tryAdmit(nowNanos).map(admission -> {
            health.started();
            return new Attempt<>(this, admission, nowNanos);
        });
    }
}
