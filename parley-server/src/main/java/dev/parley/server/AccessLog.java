package dev.parley.server;

import dev.parley.core.pricing.Cost;
import dev.parley.core.tenancy.Attribution;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageRecord;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * The access log: one JSON object per request, on the {@code parley.access} logger, for log shippers to read
 * without a parser of their own. It says who asked for what and how it went (request id, status, model, provider,
 * the key's name and the ids it is charged to, timings, tokens, cost), never what was said: no prompt, no answer,
 * no header, no query string (a Gemini key may travel in one), and never a key, only its name. The line goes
 * through the server's {@link Redaction} as a whole.
 */
final class AccessLog {

    private static final Logger ACCESS = LoggerFactory.getLogger("parley.access");
    private static final JsonFactory JSON = new JsonFactory();

    private AccessLog() {
    }

    static void write(Exchange exchange, Optional<UsageRecord> row) {
        if (ACCESS.isInfoEnabled()) {
            // The path and the model are the client's text, which a key may have been pasted into.
            ACCESS.info(exchange.redaction.redact(line(Instant.now(), exchange, row)));
        }
    }

    static String line(Instant at, Exchange exchange, Optional<UsageRecord> row) {
        StringWriter out = new StringWriter(384);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringProperty("time", at.toString());
            json.writeStringProperty("request_id", exchange.id);
            json.writeStringProperty("method", exchange.request.method().name());
            json.writeStringProperty("path", exchange.request.path());
            json.writeNumberProperty("status", exchange.response.getStatusCode());
            json.writeNumberProperty("duration_ms", millis(exchange.passport.total().toNanos()));
            row.ifPresent(r -> request(json, r));
            json.writeEndObject();
        }
        return out.toString();
    }

    private static void request(JsonGenerator json, UsageRecord row) {
        json.writeStringProperty("protocol", row.protocol().wireName());
        json.writeStringProperty("model", row.model());
        json.writeBooleanProperty("stream", row.stream());
        optional(json, "provider", row.provider());
        optional(json, "upstream_model", row.upstreamModel());
        json.writeStringProperty("key", row.keyName());
        Attribution to = row.attribution();
        optional(json, "key_id", to.keyId());
        optional(json, "team_id", to.teamId());
        optional(json, "project_id", to.projectId());
        optional(json, "member_id", to.memberId());
        json.writeNumberProperty("attempts", row.attempts());
        row.timeToFirstToken().ifPresent(t -> json.writeNumberProperty("ttft_ms", millis(t.toNanos())));
        json.writeStringProperty("outcome", row.errorType().orElse("ok"));
        TokenUsage usage = row.usage();
        json.writeNumberProperty("input_tokens", usage.inputTokens());
        json.writeNumberProperty("output_tokens", usage.outputTokens());
        json.writeNumberProperty("cache_read_tokens", usage.cacheReadTokens());
        json.writeNumberProperty("cache_write_tokens", usage.cacheWriteTokens());
        json.writeStringProperty("usage_source", switch (usage.source()) {
            case TokenUsage.Source.Reported r -> "reported";
            case TokenUsage.Source.Estimated e -> "estimated";
            case TokenUsage.Source.None n -> "none";
        });
        // As a string: the exact decimal the ledger holds, never a double.
        row.cost().map(Cost::total).ifPresent(total -> json.writeStringProperty("cost", total.toPlainString()));
    }

    private static void optional(JsonGenerator json, String name, Optional<String> value) {
        value.ifPresent(v -> json.writeStringProperty(name, v));
    }

    /** Milliseconds with microsecond precision: what a reader of latencies needs, without float noise. */
    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
