package dev.parley.core.routing;

import dev.parley.core.config.HealthSettings;
import dev.parley.core.config.ModelConfig;
import dev.parley.core.config.ParleyConfig;
import dev.parley.core.config.RouteConfig;
import dev.parley.core.health.BreakerConfig;
import dev.parley.core.health.ChannelHealth;
import dev.parley.core.health.CircuitBreaker;
import dev.parley.core.health.CircuitState;
import dev.parley.core.health.HealthConfig;
import dev.parley.core.health.MonitoredChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live health of every channel, shared by every event loop: one {@link ChannelHealth} and one {@link
 * CircuitBreaker} per upstream target (provider and upstream model). Two configured models routed to the same
 * target share them, since an outage there is the same outage for both. Time is passed in as monotonic nanos.
 */
public final class ChannelBoard {

    /**
     * Targets addressed directly ({@code provider/model}) beyond this many are not remembered, so that clients
     * naming made-up models cannot grow the board without bound; they are served without a memory of their health.
     */
    static final int MAX_UNCONFIGURED = 1_024;
    /**
     * Assumed before a channel's first answer. Low, so that an untried channel wins comparisons with a channel
     * already known to be fast and gets its first real sample (a higher guess would starve it for good behind any
     * faster peer); not zero, so that a burst of requests before its first answer is still spread by the
     * in-flight count instead of all landing there.
     */
    static final Duration INITIAL_LATENCY = Duration.ofMillis(100);

    private final BreakerConfig breakerConfig;
    private final HealthConfig healthConfig;
    private final Map<Target, Monitor> monitors = new ConcurrentHashMap<>();
    /** Targets an operator took out of routing; kept by this instance only, and empty again after a restart. */
    private final Set<Target> disabled = ConcurrentHashMap.newKeySet();
    private final int configured;
    private volatile Listener listener = (target, open) -> { };

    /** Hears of each circuit that opens on this instance's own traffic, to tell other replicas. */
    @FunctionalInterface
    public interface Listener {
        void opened(Target target, CircuitState.Open open);
    }

    public void listen(Listener listener) {
        this.listener = listener;
    }

    /** Another replica saw the target's circuit open until {@code untilNanos}, on this instance's clock. */
    public void learnOpen(Target target, long untilNanos, long nowNanos) {
        find(target).ifPresent(monitor -> monitor.breaker().learnOpen(untilNanos, nowNanos));
    }

    /** Where a channel's requests go; what its health is kept for. */
    public record Target(String provider, String upstreamModel) {
        public Target {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(upstreamModel, "upstreamModel");
        }

        static Target of(Channel channel) {
            return new Target(channel.provider().name(), channel.upstreamModel());
        }
    }

    /** One target's live statistics and breaker. */
    public record Monitor(ChannelHealth health, CircuitBreaker breaker) {}

    /** A board with no target yet; each is added when first routed to. */
    public ChannelBoard(HealthSettings settings) {
        this(settings, List.of(), 0);
    }

    private ChannelBoard(HealthSettings settings, Collection<Target> targets, long nowNanos) {
        this.breakerConfig = new BreakerConfig(settings.consecutiveFailures(), settings.failureRate(),
                settings.minimumCalls(), settings.window(), settings.baseCoolOff(), settings.maxCoolOff(),
                // A channel that fails again within one longest cool-off of recovering gets a longer one.
                settings.maxCoolOff(), settings.probeTimeout());
        this.healthConfig = new HealthConfig(settings.latencyHalfLife(), settings.window(), INITIAL_LATENCY);
        targets.forEach(t -> monitors.computeIfAbsent(t, x -> newMonitor(t, nowNanos)));
        this.configured = monitors.size();
    }

    /** The board of every configured route's target. */
    public static ChannelBoard of(ParleyConfig config, long nowNanos) {
        List<Target> targets = new ArrayList<>();
        for (ModelConfig model : config.models()) {
            for (RouteConfig route : model.routes()) {
                targets.add(new Target(route.provider(), route.model()));
            }
        }
        return new ChannelBoard(config.health(), targets, nowNanos);
    }

    /** The channel's monitor: its target's, created on first use. */
    public Monitor monitor(Channel channel, long nowNanos) {
        Target target = Target.of(channel);
        Monitor known = monitors.get(target);
        if (known != null) {
            return known;
        }
        if (monitors.size() - configured >= MAX_UNCONFIGURED) {
            return newMonitor(target, nowNanos);
        }
        return monitors.computeIfAbsent(target, t -> newMonitor(t, nowNanos));
    }

    /** Takes a target out of routing, or puts it back; whether that changed anything. */
    public boolean enable(Target target, boolean enabled) {
        return enabled ? disabled.remove(target) : disabled.add(target);
    }

    /** Whether routing may choose the target: not while an operator has disabled it. */
    public boolean enabled(Target target) {
        return !disabled.contains(target);
    }

    /** Whether routing may choose the channel's target. */
    public boolean enabled(Channel channel) {
        return disabled.isEmpty() || !disabled.contains(Target.of(channel));
    }

    /** The monitor of a target, if the board knows it. */
    public Optional<Monitor> find(Target target) {
        return Optional.ofNullable(monitors.get(target));
    }

    /** The channels as the selector sees them, with their tier, weight and their target's health. */
    public List<MonitoredChannel<Channel>> monitored(List<Channel> channels, long nowNanos) {
        List<MonitoredChannel<Channel>> out = new ArrayList<>(channels.size());
        for (Channel c : channels) {
            Monitor m = monitor(c, nowNanos);
            out.add(new MonitoredChannel<>(c, c.priority(), c.weight(), m.health(), m.breaker()));
        }
        return out;
    }

    /**
     * When the first open circuit among these channels lets a probe through; empty if none is open (what keeps
     * them from serving is something else).
     */
    public Optional<Duration> firstReopening(Collection<Channel> channels, long nowNanos) {
        Optional<Duration> first = Optional.empty();
        for (Channel c : channels) {
            if (monitor(c, nowNanos).breaker().state() instanceof CircuitState.Open o) {
                Duration wait = Duration.ofNanos(Math.max(0, o.untilNanos() - nowNanos));
                if (first.isEmpty() || wait.compareTo(first.get()) < 0) {
                    first = Optional.of(wait);
                }
            }
        }
        return first;
    }

    /** Whether one of the provider's targets has an open circuit, which is when its health check runs. */
    public boolean anyOpen(String provider) {
        return monitors.entrySet().stream().anyMatch(e -> e.getKey().provider().equals(provider)
                && e.getValue().breaker().state() instanceof CircuitState.Open);
    }

    /** The provider answered a health check: its open circuits' cool-offs end, so that the next request probes. */
    public void checkPassed(String provider, long nowNanos) {
        monitors.forEach((target, monitor) -> {
            if (target.provider().equals(provider)) {
                monitor.breaker().endCoolOff(nowNanos);
            }
        });
    }

    private Monitor newMonitor(Target target, long nowNanos) {
        return new Monitor(new ChannelHealth(healthConfig),
                new CircuitBreaker(breakerConfig, nowNanos, open -> listener.opened(target, open)));
    }
}
