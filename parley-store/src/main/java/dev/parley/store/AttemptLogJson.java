package dev.parley.store;

import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.usage.AttemptLog;
import dev.parley.core.usage.AttemptOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code attempt_log} column: a request's attempts as a JSON array (the shape is described in the migration
 * that added it; {@code first_byte_ms}, from the attempt's start to the provider's status line, is there when one
 * came, and absent from rows written before it was kept). Times are whole milliseconds, cut towards the past.
 */
final class AttemptLogJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AttemptLogJson() {}

    static String write(List<AttemptLog> attempts) {
        ArrayNode array = JSON.createArrayNode();
        for (AttemptLog a : attempts) {
            ObjectNode o = array.addObject();
            o.put("provider", UsageRows.text(a.provider()));
            o.put("upstream_model", UsageRows.text(a.upstreamModel()));
            o.put("key", a.keyPosition());
            o.put("started_ms", a.startedAfter().toMillis());
            o.put("duration_ms", a.duration().toMillis());
            o.put("outcome", a.outcome().name());
            a.firstByte().ifPresent(d -> o.put("first_byte_ms", d.toMillis()));
            switch (a.outcome()) {
                case AttemptOutcome.HttpStatus(int status, ErrorKind kind) -> {
                    o.put("status", status);
                    o.put("error_kind", AttemptOutcome.kindName(kind));
                }
                case AttemptOutcome.StreamError(ErrorKind kind) -> o.put("error_kind", AttemptOutcome.kindName(kind));
                case AttemptOutcome.Ok _, AttemptOutcome.ConnectionFailed _, AttemptOutcome.TimedOut _,
                     AttemptOutcome.Cut _, AttemptOutcome.Abandoned _ -> { }
            }
        }
        return JSON.writeValueAsString(array);
    }

    static List<AttemptLog> read(String json) {
        JsonNode array;
        try {
            array = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalStateException("unreadable attempt_log in usage_records", e);
        }
        List<AttemptLog> attempts = new ArrayList<>();
        for (JsonNode o : array) {
            attempts.add(new AttemptLog(o.path("provider").asString(), o.path("upstream_model").asString(),
                    o.path("key").asInt(), Duration.ofMillis(o.path("started_ms").asLong()),
                    Duration.ofMillis(o.path("duration_ms").asLong()), outcome(o),
                    o.has("first_byte_ms") ? Optional.of(Duration.ofMillis(o.path("first_byte_ms").asLong()))
                            : Optional.empty()));
        }
        return List.copyOf(attempts);
    }

    private static AttemptOutcome outcome(JsonNode o) {
        String name = o.path("outcome").asString();
        return switch (name) {
            case "ok" -> AttemptOutcome.OK;
            case "http_status" -> new AttemptOutcome.HttpStatus(o.path("status").asInt(), kind(o));
            case "connection_failed" -> AttemptOutcome.CONNECTION_FAILED;
            case "timeout" -> AttemptOutcome.TIMED_OUT;
            case "stream_error" -> new AttemptOutcome.StreamError(kind(o));
            case "cut" -> AttemptOutcome.CUT;
            case "abandoned" -> AttemptOutcome.ABANDONED;
            default -> throw new IllegalStateException("unknown attempt outcome in usage_records: " + name);
        };
    }

    private static ErrorKind kind(JsonNode o) {
        String name = o.path("error_kind").asString();
        return Arrays.stream(ErrorKind.values()).filter(k -> AttemptOutcome.kindName(k).equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown error kind in usage_records: " + name));
    }
}
