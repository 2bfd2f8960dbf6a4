package dev.parley.core.codec.responses;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Json;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.model.FinishReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** An upstream's Response object (§2.4) as a finished answer. */
final class ResponseReader {

    private ResponseReader() {
    }

    static ChatResponse read(byte[] body) {
        JsonNode root = Json.object(body);
        // A streamed terminal event's payload carries the response one level down.
        JsonNode response = root.path("response").isObject() ? root.get("response") : root;
        return read(response);
    }

    static ChatResponse read(JsonNode response) {
        String status = response.path("status").asString(Status.COMPLETED);
        if (status.equals("failed") || status.equals("cancelled")) {
            String message = response.path("error").path("message").asString("the upstream response " + status);
            throw new CodecException("The upstream response " + status + ": " + message);
        }
        JsonNode output = response.path("output");
        if (!output.isArray()) {
            throw new CodecException("output", "expected the response's output items");
        }
        List<Block> content = new ArrayList<>();
        boolean refusal = false;
        for (JsonNode item : output.values()) {
            content.addAll(ItemReader.blocks(item));
            refusal |= item.path("type").asString("").equals("message") && ItemReader.refused(item);
        }
        boolean calls = content.stream().anyMatch(Block.ToolCall.class::isInstance);
        FinishReason finish = Status.finish(status, incompleteReason(response), calls, refusal);
        return new ChatResponse(response.path("id").asString(""), response.path("model").asString(""), content, finish,
                Optional.empty(), Usage.read(response.path("usage")));
    }

    static Optional<String> incompleteReason(JsonNode response) {
        return Fields.text(response.path("incomplete_details"), "reason");
    }
}
