package dev.parley.server;

import dev.parley.core.codec.Json;
import dev.parley.core.config.ProviderConfig;
import dev.parley.core.health.ChannelHealth;
import dev.parley.core.health.ChannelHistory;
import dev.parley.core.health.ChannelWindows;
import dev.parley.core.health.CircuitState;
import dev.parley.core.routing.Channel;
import dev.parley.core.routing.ChannelBoard;
import dev.parley.core.routing.KeyRotation;
import dev.parley.core.routing.KeySlot;
import dev.parley.core.routing.KeyState;
import dev.parley.core.routing.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /admin/channels}: every configured model's channels as they stand now (circuit, latency, load,
 * success) and their provider's keys by position. A key's value is never shown; its position is enough to find
 * it in the config.
 */
final class ChannelStatus {

    private static final ChannelWindows.Stats NO_ATTEMPTS = new ChannelWindows.Tally().stats();

    private ChannelStatus() {}

    static String render(Router router, ChannelBoard board, KeyRotation keys, Instant now, long nowNanos) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode models = root.putArray("models");
        for (String name : router.modelNames()) {
            ObjectNode model = models.addObject().put("model", name);
            ArrayNode channels = model.putArray("channels");
            router.resolve(name).ifPresent(route -> route.channels()
                    .forEach(c -> channel(channels.addObject(), c, board.monitor(c, nowNanos), keys, now, nowNanos)));
        }
        return Json.MAPPER.writeValueAsString(root);
    }

    /**
     * {@code GET /admin/channels/status}: each channel (provider and upstream model) once, with the models routed to
     * it, its circuit and keys now, and its attempts over the last 5 minutes, hour and day: how many, the success
     * rate, the 429 rate, and the p50 and p95 of the whole attempt and of its time to first byte (upper bounds of
     * log-spaced buckets, within 25%; absent with no attempt). The circuit and keys are this instance's, live; the
     * windows are the ledger's rollups ({@code history}), the same on every replica and across restarts, and absent
     * for a Parley without a database.
     */
    static String windows(Router router, ChannelBoard board, KeyRotation keys, Optional<ChannelHistory> history,
                          Instant now, long nowNanos) {
        Map<ChannelBoard.Target, List<String>> models = new LinkedHashMap<>();
        Map<ChannelBoard.Target, Channel> first = new LinkedHashMap<>();
        for (String name : router.modelNames()) {
            router.resolve(name).ifPresent(route -> route.channels().forEach(c -> {
                ChannelBoard.Target target = new ChannelBoard.Target(c.provider().name(), c.upstreamModel());
                models.computeIfAbsent(target, t -> new ArrayList<>()).add(name);
                first.putIfAbsent(target, c);
            }));
        }
        Map<ChannelWindows.Target, Map<ChannelWindows.Span, ChannelWindows.Stats>> kept =
                history.map(h -> h.windows(now)).orElse(Map.of());
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode channels = root.putArray("channels");
        first.forEach((target, channel) -> {
            ChannelBoard.Monitor monitor = board.monitor(channel, nowNanos);
            ObjectNode out = channels.addObject().put("provider", target.provider())
                    .put("upstream_model", target.upstreamModel()).put("enabled", board.enabled(target));
            ArrayNode names = out.putArray("models");
            models.get(target).forEach(names::add);
            circuit(out.putObject("circuit"), monitor.breaker().state(), nowNanos);
            keys(out.putArray("keys"), channel.provider(), keys, now);
            if (history.isPresent()) {
                Map<ChannelWindows.Span, ChannelWindows.Stats> spans = kept.getOrDefault(
                        new ChannelWindows.Target(target.provider(), target.upstreamModel()), Map.of());
                ObjectNode windows = out.putObject("windows");
                for (ChannelWindows.Span span : ChannelWindows.Span.values()) {
                    window(windows.putObject(spanName(span)), spans.getOrDefault(span, NO_ATTEMPTS));
                }
            }
        });
        return Json.MAPPER.writeValueAsString(root);
    }

    private static String spanName(ChannelWindows.Span span) {
        return switch (span) {
            case FIVE_MINUTES -> "5m";
            case ONE_HOUR -> "1h";
            case ONE_DAY -> "24h";
        };
    }

    private static void window(ObjectNode out, ChannelWindows.Stats stats) {
        out.put("attempts", stats.attempts()).put("successes", stats.successes()).put("failures", stats.failures())
                .put("rate_limited", stats.rateLimited())
                .put("success_rate", Math.round(stats.successRate() * 10_000) / 10_000.0)
                .put("rate_limited_rate", Math.round(stats.rateLimitedRate() * 10_000) / 10_000.0);
        ObjectNode latency = out.putObject("latency_ms");
        stats.latencyP50().ifPresent(d -> latency.put("p50", millis(d)));
        stats.latencyP95().ifPresent(d -> latency.put("p95", millis(d)));
        ObjectNode firstByte = out.putObject("ttft_ms");
        stats.firstByteP50().ifPresent(d -> firstByte.put("p50", millis(d)));
        stats.firstByteP95().ifPresent(d -> firstByte.put("p95", millis(d)));
    }

    private static double millis(Duration d) {
        return Math.round(d.toNanos() / 1_000.0) / 1_000.0;
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
