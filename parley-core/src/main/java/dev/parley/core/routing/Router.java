package dev.parley.core.routing;

import dev.parley.core.config.ModelConfig;
import dev.parley.core.config.ParleyConfig;
import dev.parley.core.config.ProviderConfig;
import dev.parley.core.config.RouteConfig;
import dev.parley.core.config.TimeoutOverrides;
import dev.parley.core.config.Timeouts;
import dev.parley.core.health.ChannelSelector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * Resolves the model name a client asked for into the channels that can serve it, and picks one.
 *
 * <p>Configured model names win; otherwise {@code provider-name/upstream-model} addresses a provider directly,
 * so a new upstream model is usable without a config change.
 */
public final class Router {

    private final Map<String, Route> routes = new LinkedHashMap<>();
    /** Each configured model's chain, made once: the config does not change under a router. */
    private final Map<String, List<Route>> chains = new LinkedHashMap<>();
    private final Map<String, ProviderConfig> providers = new LinkedHashMap<>();
    private final Timeouts timeouts;

    public Router(ParleyConfig config) {
        this.timeouts = config.timeouts();
        config.providers().forEach(p -> providers.put(p.name(), p));
        for (ModelConfig model : config.models()) {
            List<Channel> channels = model.routes().stream().map(route -> channel(route, model)).toList();
            routes.put(model.name(), new Route(model.name(), channels));
        }
        for (ModelConfig model : config.models()) {
            chains.put(model.name(), Stream.concat(Stream.of(routes.get(model.name())), model.fallbacks().stream()
                    .flatMap(name -> Optional.ofNullable(routes.get(name)).stream())).toList());
        }
    }

    public Optional<Route> resolve(String model) {
        Route configured = routes.get(model);
        if (configured != null) {
            return Optional.of(configured);
        }
        int slash = model.indexOf('/');
        if (slash <= 0 || slash == model.length() - 1) {
            return Optional.empty();
        }
        return Optional.ofNullable(providers.get(model.substring(0, slash)))
                .map(p -> new Route(model, List.of(new Channel(p, model.substring(slash + 1), 1, 0,
                        Timeouts.resolve(timeouts, p.timeouts(), TimeoutOverrides.NONE)))));
    }

    /**
     * The routes a request for {@code model} may take, in order: its own, then its configured fallbacks' (only
     * those named on the model itself: a fallback's own fallbacks are not followed, so no chain can loop).
     */
    public List<Route> chain(String model) {
        List<Route> configured = chains.get(model);
        if (configured != null) {
            return configured;
        }
        return resolve(model).map(List::of).orElse(List.of());
    }

    /** Whether {@code model} is a configured model's name (not the {@code provider/model} form). */
    public boolean configured(String model) {
        return routes.containsKey(model);
    }

    /** The configured model names, in config order. */
    public List<String> modelNames() {
        return List.copyOf(routes.keySet());
    }

    /**
     * The channel and key for the next attempt, its health attempt begun. Among the channels whose provider has a
     * usable key this request has not tried yet: the best tier that has a channel whose circuit lets a request
     * through, and within it power of two choices by weight and health score ({@link ChannelSelector}); failing
     * that, the same among keys tried before (a transient failure may pass on a second try). A channel an operator
     * disabled is never chosen. Empty when every channel's keys are cooling down or dead, or every circuit that could
     * serve is open, or every channel is disabled.
     */
    public static Optional<Choice> choose(Route route, ChannelBoard board, KeyRotation keys, Instant now,
                                          long nowNanos, Set<KeySlot> tried, RandomGenerator random) {
        return choose(route, board, keys, now, nowNanos, tried, tried, random)
                .or(() -> choose(route, board, keys, now, nowNanos, tried, Set.of(), random));
    }

    private static Optional<Choice> choose(Route route, ChannelBoard board, KeyRotation keys, Instant now,
                                           long nowNanos, Set<KeySlot> tried, Set<KeySlot> avoid,
                                           RandomGenerator random) {
        // A loop, not a stream: this runs for every request, and the stream's set-up cost more than the filter.
        List<Channel> keyed = new ArrayList<>(route.channels().size());
        for (Channel c : route.channels()) {
            if (board.enabled(c) && keys.hasUsable(c.provider(), now, avoid)) {
                keyed.add(c);
            }
        }
        if (keyed.isEmpty()) {
            return Optional.empty();
        }
        return ChannelSelector.select(board.monitored(keyed, nowNanos), Set.of(), nowNanos, random)
                .flatMap(attempt -> {
                    Optional<KeySlot> key = keys.next(attempt.channel().provider(), now, tried);
                    if (key.isEmpty()) {
                        attempt.abandoned(); // the key cooled down on another event loop meanwhile
                    }
                    return key.map(k -> new Choice(attempt.channel(), k, attempt));
                });
    }

    private Channel channel(RouteConfig route, ModelConfig model) {
        ProviderConfig provider = providers.get(route.provider());
        if (provider == null) {
            // The config validator rejects this; a Router built from unvalidated records must not limp on.
            throw new IllegalArgumentException("route names unknown provider " + route.provider());
        }
        return new Channel(provider, route.model(), route.weight(), route.priority(),
                Timeouts.resolve(timeouts, provider.timeouts(), model.timeouts()));
    }
}
