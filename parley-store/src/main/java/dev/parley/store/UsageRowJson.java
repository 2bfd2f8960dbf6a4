package dev.parley.store;

import dev.parley.core.pricing.Cost;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.tenancy.Attribution;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One usage row as one line of JSON, for the journal. Times and durations are written in ISO-8601 at full
 * precision, so that a replayed row is the row that was recorded.
 */
final class UsageRowJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private UsageRowJson() {}

    /** The row on one line (JSON escapes every line break inside strings). */
    static String write(UsageRecord row) {
        ObjectNode o = JSON.createObjectNode();
        o.put("request_id", row.requestId());
        o.put("started_at", row.startedAt().toString());
        o.put("key_name", row.keyName());
        o.put("protocol", row.protocol().wireName());
        o.put("model", row.model());
        row.provider().ifPresent(value -> o.put("provider", value));
        row.upstreamModel().ifPresent(value -> o.put("upstream_model", value));
        o.put("stream", row.stream());
        o.put("status", row.status());
        row.errorType().ifPresent(value -> o.put("error_type", value));
        o.put("latency", row.latency().toString());
        row.timeToFirstToken().ifPresent(value -> o.put("ttft", value.toString()));
        TokenUsage usage = row.usage();
        ObjectNode tokens = o.putObject("usage");
        tokens.put("input", usage.inputTokens());
        tokens.put("output", usage.outputTokens());
        tokens.put("cache_read", usage.cacheReadTokens());
        tokens.put("cache_write", usage.cacheWriteTokens());
        tokens.put("reasoning", usage.reasoningTokens());
        tokens.put("cache_write_5m", usage.cacheWrites().fiveMinutes());
        tokens.put("cache_write_1h", usage.cacheWrites().oneHour());
        tokens.put("audio_input", usage.modalities().audioInput());
        tokens.put("image_input", usage.modalities().imageInput());
        tokens.put("audio_output", usage.modalities().audioOutput());
        tokens.put("image_output", usage.modalities().imageOutput());
        // The same names as the usage_source and estimate_method columns, so both stores read alike.
        tokens.put("source", UsageRows.sourceName(usage.source()));
        UsageRows.estimateMethod(usage.source()).ifPresent(method -> tokens.put("estimate_method", method));
        usage.raw().ifPresent(raw -> tokens.put("raw", raw));
        o.put("attempts", row.attempts());
        o.put("attempt_log", AttemptLogJson.write(row.attemptLog()));
        // Amounts as decimal strings: a JSON number would pass through a double on the way back.
        row.cost().ifPresent(cost -> o.putObject("cost")
                .put("base", cost.base().toPlainString())
                .put("markup_percent", cost.markupPercent().toPlainString())
                .put("markup", cost.markup().toPlainString())
                .put("total", cost.total().toPlainString()));
        row.priceVersion().ifPresent(version -> o.put("price_version", version));
        writeAttribution(o, row.attribution());
        return JSON.writeValueAsString(o);
    }

    /**
     * Reads a line written by {@link #write}.
     *
     * @throws IllegalArgumentException if the line is not such a row (a line torn by a crash, say)
     */
    static UsageRecord read(String line) {
        try {
            JsonNode o = JSON.readTree(line);
            JsonNode tokens = o.required("usage");
            TokenUsage usage = new TokenUsage(tokens.required("input").asLong(), tokens.required("output").asLong(),
                    tokens.required("cache_read").asLong(), tokens.required("cache_write").asLong(),
                    tokens.required("reasoning").asLong(),
                    new TokenUsage.CacheWrites(tokens.required("cache_write_5m").asLong(),
                            tokens.required("cache_write_1h").asLong()),
                    new TokenUsage.Modalities(tokens.required("audio_input").asLong(),
                            tokens.required("image_input").asLong(), tokens.required("audio_output").asLong(),
                            tokens.required("image_output").asLong()),
                    UsageRows.source(tokens.required("source").asString(), optional(tokens, "estimate_method")),
                    optional(tokens, "raw"));
            return new UsageRecord(
                    o.required("request_id").asString(),
                    Instant.parse(o.required("started_at").asString()),
                    o.required("key_name").asString(),
                    protocol(o.required("protocol").asString()),
                    o.required("model").asString(),
                    optional(o, "provider"),
                    optional(o, "upstream_model"),
                    o.required("stream").asBoolean(),
                    o.required("status").asInt(),
                    optional(o, "error_type"),
                    Duration.parse(o.required("latency").asString()),
                    optional(o, "ttft").map(Duration::parse),
                    usage,
                    o.required("attempts").asInt(),
                    AttemptLogJson.read(o.required("attempt_log").asString()),
                    Optional.ofNullable(o.get("cost")).filter(c -> !c.isNull()).map(UsageRowJson::cost),
                    optional(o, "price_version"),
                    attribution(o));
        } catch (RuntimeException e) {
            // Jackson's failures, a missing member, an unknown name: all mean the line is not a row.
            throw new IllegalArgumentException("not a usage row: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Omitted for a row charged to no team, as every row was before attribution existed. */
    private static void writeAttribution(ObjectNode o, Attribution to) {
        if (to.equals(Attribution.NONE)) {
            return;
        }
        ObjectNode a = o.putObject("attribution");
        to.keyId().ifPresent(id -> a.put("key_id", id));
        to.memberId().ifPresent(id -> a.put("member_id", id));
        to.projectId().ifPresent(id -> a.put("project_id", id));
        to.teamId().ifPresent(id -> a.put("team_id", id));
    }

    /** Lines journaled before attribution existed have none: they read as charged to no team. */
    private static Attribution attribution(JsonNode o) {
        JsonNode a = o.get("attribution");
        if (a == null || a.isNull()) {
            return Attribution.NONE;
        }
        return new Attribution(optional(a, "key_id"), optional(a, "member_id"), optional(a, "project_id"),
                optional(a, "team_id"));
    }

    private static Cost cost(JsonNode c) {
        return new Cost(new BigDecimal(c.required("base").asString()),
                new BigDecimal(c.required("markup_percent").asString()),
                new BigDecimal(c.required("markup").asString()), new BigDecimal(c.required("total").asString()));
    }

    private static Optional<String> optional(JsonNode o, String name) {
        JsonNode value = o.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asString());
    }

    private static Protocol protocol(String wireName) {
        return Arrays.stream(Protocol.values())
                .filter(protocol -> protocol.wireName().equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown protocol " + wireName));
    }
}
