package dev.parley.server;

import dev.parley.core.pricing.Cost;
import dev.parley.core.tenancy.Attribution;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: one JSON object per request, on the {@code parley.access} logger, for log shippers to read
 * without a parser of their own. It says who asked for what and how it went (request id, status, model, provider,
 * the key's name and the ids it is charged to, timings, tokens, cost), never what was said: no prompt, no answer,
 * no header, no query string (a Gemini key may travel in one), and never a key, only its name. Every value that
 * comes from outside Parley (the path, model, provider and key names) goes through the server's {@link Redaction}.
 */
final class AccessLog {

    private static final Logger ACCESS = LoggerFactory.getLogger("parley.access");

    private AccessLog() {
    }

    static void write(Exchange exchange, Optional<UsageRecord> row) {
        if (ACCESS.isInfoEnabled()) {
            ACCESS.info(line(Instant.now(), exchange, row));
        }
    }

    static String line(Instant at, Exchange exchange, Optional<UsageRecord> row) {
        // The path and the model are the client's text, which a key may have been pasted into; names come from the
        // configuration and the admin API. Those go through the redaction one by one, Parley's own values do not.
        Line json = new Line(exchange.redaction::redact);
        json.string("time", time(at));
        json.string("request_id", exchange.id);
        json.text("method", exchange.request.method().name());
        json.text("path", exchange.request.path());
        json.number("status", exchange.response.getStatusCode());
        json.number("duration_ms", millis(exchange.passport.total().toNanos()));
        row.ifPresent(r -> request(json, r));
        return json.end();
    }

    /** The part of a time's text up to its second, and that second. */
    private record SecondText(long epochSecond, String text) {
    }

    /** The last second a line was written in: every line of that second starts its time with the same text. */
    private static volatile SecondText lastSecond = new SecondText(Long.MIN_VALUE, "");

    /**
     * {@code at} as {@link Instant#toString} writes it (ISO-8601, UTC, the fraction in groups of three digits as
     * needed), with the date and time of day made once per second: formatting them for every line was a per-request
     * cost on the event loops of about 1% of their samples.
     */
    static String time(Instant at) {
        SecondText second = lastSecond;
        if (second.epochSecond() != at.getEpochSecond()) {
            String whole = at.truncatedTo(ChronoUnit.SECONDS).toString();
            second = new SecondText(at.getEpochSecond(), whole.substring(0, whole.length() - 1));
            lastSecond = second;
        }
        int nano = at.getNano();
        if (nano == 0) {
            return second.text() + 'Z';
        }
        int digits = nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
        String fraction = Integer.toString(digits == 3 ? nano / 1_000_000 : digits == 6 ? nano / 1_000 : nano);
        return second.text() + '.' + "0".repeat(digits - fraction.length()) + fraction + 'Z';
    }

    private static void request(Line json, UsageRecord row) {
        json.string("protocol", row.protocol().wireName());
        json.text("model", row.model());
        json.bool("stream", row.stream());
        row.provider().ifPresent(v -> json.text("provider", v));
        row.upstreamModel().ifPresent(v -> json.text("upstream_model", v));
        json.text("key", row.keyName());
        Attribution to = row.attribution();
        optional(json, "key_id", to.keyId());
        optional(json, "team_id", to.teamId());
        optional(json, "project_id", to.projectId());
        optional(json, "member_id", to.memberId());
        json.number("attempts", row.attempts());
        row.timeToFirstToken().ifPresent(t -> json.number("ttft_ms", millis(t.toNanos())));
        json.string("outcome", row.errorType().orElse("ok"));
        TokenUsage usage = row.usage();
        json.number("input_tokens", usage.inputTokens());
        json.number("output_tokens", usage.outputTokens());
        json.number("cache_read_tokens", usage.cacheReadTokens());
        json.number("cache_write_tokens", usage.cacheWriteTokens());
        json.string("usage_source", switch (usage.source()) {
            case TokenUsage.Source.Reported r -> "reported";
            case TokenUsage.Source.Estimated e -> "estimated";
            case TokenUsage.Source.None n -> "none";
        });
        // As a string: the exact decimal the ledger holds, never a double.
        row.cost().map(Cost::total).ifPresent(total -> json.string("cost", total.toPlainString()));
    }

    private static void optional(Line json, String name, Optional<String> value) {
        value.ifPresent(v -> json.text(name, v));
    }

    /**
     * One flat JSON object written straight into a builder: the line is made once per request on an event loop, where
     * a JSON generator's set-up cost more than the writing, and redacting the whole line more than redacting the
     * few values that come from outside. Names are Parley's own constants; values are escaped.
     */
    static final class Line {
        private static final char[] HEX = "0123456789abcdef".toCharArray();
        /** Room for a typical line (about 450 characters, 650 with a stored key's ids and a cost) without growing. */
        private static final int LINE_CAPACITY = 768;
        private final StringBuilder out = new StringBuilder(LINE_CAPACITY).append('{');
        private final UnaryOperator<String> redaction;

        Line(UnaryOperator<String> redaction) {
            this.redaction = redaction;
        }

        /** A value from outside Parley (the client, the configuration): redacted, then written. */
        void text(String name, String value) {
            string(name, redaction.apply(value));
        }

        /** A value Parley made itself (an id, a time, an outcome): written as it is. */
        void string(String name, String value) {
            name(name);
            out.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append("\\u00").append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }

        void number(String name, long value) {
            name(name);
            out.append(value);
        }

        void number(String name, double value) {
            name(name);
            out.append(value);
        }

        void bool(String name, boolean value) {
            name(name);
            out.append(value);
        }

        String end() {
            return out.append('}').toString();
        }

        private void name(String name) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(name).append("\":");
        }
    }

    /** Milliseconds with microsecond precision: what a reader of latencies needs, without float noise. */
    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
