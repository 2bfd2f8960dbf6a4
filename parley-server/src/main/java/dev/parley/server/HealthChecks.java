package dev.parley.server;

import dev.parley.core.config.HealthCheck;
import dev.parley.core.config.ProviderConfig;
import dev.parley.core.config.TimeoutOverrides;
import dev.parley.core.config.Timeouts;
import dev.parley.core.routing.ChannelBoard;
import dev.parley.core.routing.KeyRotation;
import dev.parley.core.routing.KeySlot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled health checks of the providers that have {@code health_check}: while one of a provider's channels
 * has an open circuit, its model list is fetched every interval (a cheap call that generates nothing and costs no
 * tokens); an answer ends the open cool-offs early, so that the next live request probes. Nothing runs while every
 * circuit is closed: live traffic is the check then.
 */
final class HealthChecks {

    private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);

    private final Vertx vertx;
    private final UpstreamClients clients;
    private final ChannelBoard board;
    private final KeyRotation keys;
    /** Each checked provider's timer, by name, with the provider record it checks. */
    private final Map<String, Timer> timers = new HashMap<>();

    private record Timer(ProviderConfig provider, long id) {
    }

    HealthChecks(Vertx vertx, UpstreamClients clients, ChannelBoard board, KeyRotation keys) {
        this.vertx = vertx;
        this.clients = clients;
        this.board = board;
        this.keys = keys;
    }

    /**
     * Checks exactly {@code providers} from now on: the catalog's, at start-up and after each change (a removed or
     * changed provider's timer is cancelled, a new or changed one's started).
     *
     * @param timeouts the top-level ones, under each provider's own
     */
    synchronized void follow(List<ProviderConfig> providers, Timeouts timeouts) {
        Map<String, ProviderConfig> wanted = new HashMap<>();
        providers.forEach(p -> wanted.put(p.name(), p));
        timers.values().removeIf(timer -> {
            boolean stale = !timer.provider().equals(wanted.get(timer.provider().name()));
            if (stale) {
                vertx.cancelTimer(timer.id());
            }
            return stale;
        });
        for (ProviderConfig provider : providers) {
            if (timers.containsKey(provider.name())) {
                continue;
            }
            Timeouts own = Timeouts.resolve(timeouts, provider.timeouts(), TimeoutOverrides.NONE);
            provider.healthCheck().map(HealthCheck::interval).ifPresent(interval -> timers.put(provider.name(),
                    new Timer(provider, vertx.setPeriodic(interval.toMillis(), t -> checkIfOpen(provider, own)))));
        }
    }

    synchronized void stop() {
        timers.values().forEach(timer -> vertx.cancelTimer(timer.id()));
        timers.clear();
    }

    private void checkIfOpen(ProviderConfig provider, Timeouts timeouts) {
        if (!board.anyOpen(provider.name())) {
            return;
        }
        modelList(clients, keys, provider, timeouts)
                .onSuccess(status -> {
                    if (status / 100 == 2) {
                        LOG.info("Provider {} answered its health check: its open circuits take a probe now.",
                                provider.name());
                        board.checkPassed(provider.name(), System.nanoTime());
                    } else {
                        LOG.info("Provider {} failed its health check with status {}.", provider.name(), status);
                    }
                })
                .onFailure(e -> LOG.info("Provider {} failed its health check: {}", provider.name(),
                        e.getClass().getSimpleName()));
    }

    /**
     * The provider's model list, fetched once with one of its keys: the status it answered. The one call Parley makes
     * to a provider on its own (it generates nothing and bills no tokens), for these checks and for an operator's
     * test of a channel.
     */
    static Future<Integer> modelList(UpstreamClients clients, KeyRotation keys, ProviderConfig provider,
                                     Timeouts timeouts) {
        return clients.request(provider, UpstreamClients.modelList(provider, timeouts, key(keys, provider).secret()))
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> response.statusCode()));
    }

    /** A key the provider has not refused, cooling or not: a model list costs no quota worth saving. */
    private static KeySlot key(KeyRotation keys, ProviderConfig provider) {
        List<KeySlot> slots = KeySlot.all(provider);
        Instant now = Instant.now();
        return slots.stream().filter(s -> keys.usable(s, now)).findFirst().orElse(slots.getFirst());
    }
}
