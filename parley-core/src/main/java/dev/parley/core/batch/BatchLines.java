package dev.parley.core.batch;

import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * The lines of a batch's output and error files, in OpenAI's format: {@code {"id", "custom_id", "response":
 * {"status_code", "request_id", "body"}, "error"}}. An item that ran has its answer in {@code response} (a success in
 * the output file, an error status in the error file); one that never ran (its batch cancelled or expired) has
 * {@code response: null} and an {@code error} with a code.
 */
public final class BatchLines {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BatchLines() {
    }

    /** The line of an item that ran: its answer's status, Parley's request id (the ledger row's) and body. */
    public static String answered(String lineId, String customId, int status, Optional<String> requestId,
                                  String body) {
        ObjectNode line = JSON.createObjectNode();
        line.put("id", lineId);
        line.put("custom_id", customId);
        ObjectNode response = line.putObject("response");
        response.put("status_code", status);
        requestId.ifPresentOrElse(id -> response.put("request_id", id), () -> response.putNull("request_id"));
        if (isJson(body)) {
            // The answer's bytes as they came: no number is rewritten on its way to the file.
            response.putRawValue("body", new RawValue(body.strip()));
        } else {
            response.put("body", body);
        }
        line.putNull("error");
        return JSON.writeValueAsString(line);
    }

    /** The line of an item that never ran, with OpenAI's code for why ({@code batch_expired}, ...). */
    public static String notRun(String lineId, String customId, String code, String message) {
        ObjectNode line = JSON.createObjectNode();
        line.put("id", lineId);
        line.put("custom_id", customId);
        line.putNull("response");
        line.putObject("error").put("code", code).put("message", message);
        return JSON.writeValueAsString(line);
    }

    /** The line of an item of a batch that ended before it ran. */
    public static String notRun(String lineId, String customId, ItemState state) {
        return switch (state) {
            case CANCELLED -> notRun(lineId, customId, "batch_cancelled",
                    "The batch was cancelled before this request ran.");
            case EXPIRED -> notRun(lineId, customId, "batch_expired",
                    "This request could not be executed before the completion window expired.");
            case PENDING, RUNNING, SUCCEEDED, FAILED -> throw new IllegalArgumentException(
                    "an item that is " + state.wire() + " has no line of its own");
        };
    }

    /** Whether an answer's body is one JSON value (every model endpoint's is); otherwise it is kept as text. */
    private static boolean isJson(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && !node.isMissingNode();
        } catch (JacksonException e) {
            return false;
        }
    }
}
