package dev.parley.server;

import dev.parley.core.config.ProviderConfig;
import dev.parley.core.health.ChannelHealth;
import dev.parley.core.health.CircuitState;
import dev.parley.core.routing.Channel;
import dev.parley.core.routing.ChannelBoard;
import dev.parley.core.routing.KeyRotation;
import dev.parley.core.routing.KeySlot;
import dev.parley.core.routing.KeyState;
import dev.parley.core.routing.Router;
import java.time.Instant;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /admin/channels}: every configured model's channels as they stand now (circuit, latency, load,
 * success) and their provider's keys by position. A key's value is never shown; its position is enough to find
 * it in the config.
 */
final class ChannelStatus {

    private ChannelStatus() {}

    static String render(Router router, ChannelBoard board, KeyRotation keys, Instant now, long nowNanos) {
        ObjectNode root = WireUsage.JSON.createObjectNode();
        ArrayNode models = root.putArray("models");
        for (String name : router.modelNames()) {
            ObjectNode model = models.addObject().put("model", name);
            ArrayNode channels = model.putArray("channels");
            router.resolve(name).ifPresent(route -> route.channels()
                    .forEach(c -> channel(channels.addObject(), c, board.monitor(c, nowNanos), keys, now, nowNanos)));
        }
        return WireUsage.JSON.writeValueAsString(root);
    }

    private static void channel(ObjectNode out, Channel channel, ChannelBoard.Monitor monitor, KeyRotation keys,
                                Instant now, long nowNanos) {
        ChannelHealth health = monitor.health();
        out.put("provider", channel.provider().name())
                .put("upstream_model", channel.upstreamModel())
                .put("priority", channel.priority())
                .put("weight", channel.weight());
        circuit(out.putObject("circuit"), monitor.breaker().state(), nowNanos);
        out.put("latency_ewma_ms", Math.round(health.latencyEwmaNanos() / 1e4) / 100.0)
                .put("in_flight", health.inFlight())
                .put("success_rate", Math.round(health.successRate() * 10_000) / 10_000.0)
                .put("successes", health.successes())
                .put("failures", health.failures());
        keys(out.putArray("keys"), channel.provider(), keys, now);
    }

    private static void circuit(ObjectNode out, CircuitState state, long nowNanos) {
        switch (state) {
            case CircuitState.Closed _ -> out.put("state", "closed");
            case CircuitState.Open o -> out.put("state", "open").put("trips", o.trips())
                    .put("probe_in_ms", Math.max(0, (o.untilNanos() - nowNanos) / 1_000_000));
            case CircuitState.HalfOpen h -> out.put("state", "half_open").put("trips", h.trips())
                    .put("probing", h.probing());
        }
    }

    private static void keys(ArrayNode out, ProviderConfig provider, KeyRotation keys, Instant now) {
        for (KeySlot slot : KeySlot.all(provider)) {
            ObjectNode key = out.addObject().put("key", "#key" + slot.position());
            switch (keys.state(slot, now)) {
                case KeyState.Usable _ -> key.put("state", "usable");
                case KeyState.Cooling c -> key.put("state", "cooling").put("until", c.until().toString());
                case KeyState.Refused _ -> key.put("state", "refused");
            }
        }
    }
}
