package dev.parley.core.health;

import dev.parley.core.health.CircuitState.Closed;
import dev.parley.core.health.CircuitState.HalfOpen;
import dev.parley.core.health.CircuitState.Open;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One channel's circuit breaker. Closed, it counts failures in a row and the recent failure rate; either going
 * over its limit opens it. Open, it refuses requests for a cool-off that doubles with each trip in a row (capped).
 * Then it is half-open: exactly one live request at a time goes through as a probe, with no synthetic test calls;
 * the probe's success closes it, its failure opens it again.
 *
 * <p>Thread-safe. The state is an immutable record in a volatile field, so the closed fast path of {@link
 * #tryAdmit} is one read; every transition happens under a lock.
 */
public final class CircuitBreaker {

    private static final Optional<Admission> NORMAL = Optional.of(Admission.NORMAL);
    private static final Optional<Admission> PROBE = Optional.of(Admission.PROBE);

    private final BreakerConfig config;
    private final long baseCoolOffNanos;
    private final long maxCoolOffNanos;
    private final long tripMemoryNanos;
    private final long probeTimeoutNanos;

    private final Consumer<Open> onOpen;
    private final Object lock = new Object();
    private volatile CircuitState state;
    // Guarded by lock; only meaningful while closed. Restarted at each closing, so that the outage that opened the
    // circuit cannot trip it again the moment it has recovered.
    private int consecutiveFailures;
    private final DecayingCounts window;

    public CircuitBreaker(BreakerConfig config, long nowNanos) {
        this(config, nowNanos, open -> { });
    }

    /** A breaker that tells {@code onOpen} each time it opens on its own traffic (under its lock: be quick). */
    public CircuitBreaker(BreakerConfig config, long nowNanos, Consumer<Open> onOpen) {
        this.onOpen = onOpen;
        this.config = config;
        this.baseCoolOffNanos = config.baseCoolOff().toNanos();
        this.maxCoolOffNanos = config.maxCoolOff().toNanos();
        this.tripMemoryNanos = config.tripMemory().toNanos();
        this.probeTimeoutNanos = config.probeTimeout().toNanos();
        this.window = new DecayingCounts(config.windowHalfLife().toNanos());
        this.state = new Closed(0, nowNanos);
    }

    public CircuitState state() {
        return state;
    }

    /** Whether {@link #tryAdmit} would let a request through now; does not change anything. */
    public boolean available(long nowNanos) {
        return switch (state) {
            case Closed _ -> true;
            case Open o -> nowNanos - o.untilNanos() >= 0;
            case HalfOpen h -> !h.probing() || probeTimedOut(h, nowNanos);
        };
    }

    /** Lets a request through, or not. A half-open circuit hands out its one probe slot here. */
    public Optional<Admission> tryAdmit(long nowNanos) {
        return switch (state) {
            case Closed _ -> NORMAL;
            case Open _ -> admitSlowly(nowNanos);
            case HalfOpen _ -> admitSlowly(nowNanos);
        };
    }

    private Optional<Admission> admitSlowly(long nowNanos) {
        synchronized (lock) {
            return switch (state) {
                case Closed _ -> NORMAL;
                case Open o -> nowNanos - o.untilNanos() >= 0 ? probe(o.trips(), nowNanos) : Optional.empty();
                case HalfOpen h -> !h.probing() || probeTimedOut(h, nowNanos)
                        ? probe(h.trips(), nowNanos)
                        : Optional.empty();
            };
        }
    }

    private Optional<Admission> probe(int trips, long nowNanos) {
        state = new HalfOpen(trips, true, nowNanos);
        return PROBE;
    }

    private boolean probeTimedOut(HalfOpen h, long nowNanos) {
        return nowNanos - h.probeSinceNanos() >= probeTimeoutNanos;
    }

    public void onSuccess(Admission admission, long nowNanos) {
        synchronized (lock) {
            switch (admission) {
                case NORMAL -> {
                    // Successes of requests admitted before a trip say nothing about the channel now.
                    if (state instanceof Closed) {
                        consecutiveFailures = 0;
                        window.add(true, nowNanos);
                    }
                }
                case PROBE -> {
                    if (state instanceof HalfOpen h) {
                        close(h.trips(), nowNanos);
                    }
                }
            }
        }
    }

    public void onFailure(Admission admission, long nowNanos) {
        synchronized (lock) {
            switch (admission) {
                case NORMAL -> {
                    if (state instanceof Closed c) {
                        consecutiveFailures++;
                        window.add(false, nowNanos);
                        if (shouldTrip(nowNanos)) {
                            boolean remembered = c.recentTrips() > 0 && nowNanos - c.sinceNanos() < tripMemoryNanos;
                            open(remembered ? c.recentTrips() + 1 : 1, nowNanos);
                        }
                    }
                }
                case PROBE -> {
                    if (state instanceof HalfOpen h) {
                        open(h.trips() + 1, nowNanos);
                    }
                }
            }
        }
    }

    /**
     * Ends an open circuit's cool-off now, so that the next request is its probe: something other than live
     * traffic (a cheap health check) saw the channel answer. A closed or half-open circuit is left as it is.
     */
    public void endCoolOff(long nowNanos) {
        synchronized (lock) {
            if (state instanceof Open o && o.untilNanos() - nowNanos > 0) {
                state = new Open(nowNanos, o.trips());
            }
        }
    }

    /** The request ended without a verdict (the client hung up): a probe's slot is freed for the next request. */
    public void onAbandon(Admission admission) {
        synchronized (lock) {
            switch (admission) {
                case NORMAL -> { }
                case PROBE -> {
                    if (state instanceof HalfOpen h) {
                        state = new HalfOpen(h.trips(), false, 0);
                    }
                }
            }
        }
    }

    private boolean shouldTrip(long nowNanos) {
        return consecutiveFailures >= config.consecutiveFailures()
                || window.calls(nowNanos) >= config.minimumCalls() && window.failureRate() >= config.failureRate();
    }

    private void open(int trips, long nowNanos) {
        Open open = new Open(nowNanos + coolOffNanos(trips), trips);
        state = open;
        onOpen.accept(open);
    }

    /**
     * Another replica saw this channel's circuit open until {@code untilNanos} (on this instance's clock): a closed
     * circuit opens until then, an open one that would reopen sooner waits as long; a half-open one, whose probe
     * is out, is left to its probe. Not told to the listener.
     */
    public void learnOpen(long untilNanos, long nowNanos) {
        synchronized (lock) {
            switch (state) {
                case Closed c -> {
                    if (untilNanos - nowNanos > 0) {
                        state = new Open(untilNanos, Math.max(1, c.recentTrips()));
                    }
                }
                case Open o -> {
                    if (untilNanos - o.untilNanos() > 0) {
                        state = new Open(untilNanos, o.trips());
                    }
                }
                case HalfOpen _ -> { }
            }
        }
    }

    private void close(int trips, long nowNanos) {
        consecutiveFailures = 0;
        window.reset();
        state = new Closed(trips, nowNanos);
    }

    /** The base cool-off doubled for each trip in a row after the first, capped. */
    long coolOffNanos(int trips) {
        int doublings = trips - 1;
        if (doublings >= 62 || baseCoolOffNanos > maxCoolOffNanos >> doublings) {
            return maxCoolOffNanos;
        }
        return Math.min(maxCoolOffNanos, baseCoolOffNanos << doublings);
    }
}
