package dev.parley.core.routing;

import dev.parley.core.config.ModelConfig;
import dev.parley.core.config.ParleyConfig;
import dev.parley.core.config.ProviderConfig;
import dev.parley.core.config.RouteConfig;
import dev.parley.core.config.TimeoutOverrides;
import dev.parley.core.config.Timeouts;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
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
    private final Map<String, List<String>> fallbacks = new LinkedHashMap<>();
    private final Map<String, ProviderConfig> providers = new LinkedHashMap<>();
    private final Timeouts timeouts;

    public Router(ParleyConfig config) {
        this.timeouts = config.timeouts();
        config.providers().forEach(p -> providers.put(p.name(), p));
        for (ModelConfig model : config.models()) {
            List<Channel> channels = model.routes().stream().map(route -> channel(route, model)).toList();
            routes.put(model.name(), new Route(model.name(), channels));
            fallbacks.put(model.name(), model.fallbacks());
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
        return resolve(model).map(route -> Stream.concat(Stream.of(route), fallbacks.getOrDefault(model, List.of())
                .stream().flatMap(name -> Optional.ofNullable(routes.get(name)).stream())).toList()).orElse(List.of());
    }

    /** The configured model names, in config order. */
    public List<String> modelNames() {
        return List.copyOf(routes.keySet());
    }

    /**
     * The channel and key for the next attempt: the best tier that has a channel with a usable key this request
     * has not tried yet, weighted within the tier; failing that, a usable key tried before (a transient failure may
     * pass on a second try); empty when every key of every channel is cooling down or dead. Health-aware choice can
     * replace the weighted one within a tier without changing this order.
     */
    public static Optional<Choice> choose(Route route, KeyRotation keys, Instant now, Set<KeySlot> tried,
                                          RandomGenerator random) {
        return choose(route, keys, now, tried, tried, random)
                .or(() -> choose(route, keys, now, tried, Set.of(), random));
    }

    private static Optional<Choice> choose(Route route, KeyRotation keys, Instant now, Set<KeySlot> tried,
                                           Set<KeySlot> avoid, RandomGenerator random) {
        Predicate<Channel> open = c -> keys.hasUsable(c.provider(), now, avoid);
        for (int tier : route.channels().stream().mapToInt(Channel::priority).distinct().toArray()) {
            List<Channel> candidates = route.channels().stream().filter(c -> c.priority() == tier).filter(open).toList();
            if (!candidates.isEmpty()) {
                Channel channel = weighted(candidates, random);
                return keys.next(channel.provider(), now, tried).map(key -> new Choice(channel, key));
            }
        }
        return Optional.empty();
    }

    private static Channel weighted(List<Channel> candidates, RandomGenerator random) {
        int total = candidates.stream().mapToInt(Channel::weight).sum();
        if (total <= 0) {
            return candidates.get(random.nextInt(candidates.size()));
        }
        int ticket = random.nextInt(total);
        for (Channel c : candidates) {
            ticket -= c.weight();
            if (ticket < 0) {
                return c;
            }
        }
        return candidates.getLast();
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
