package dev.parley.core.codec.responses;

import dev.parley.core.codec.Json;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ChatResponse;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;

/** A finished answer as the Response object a non-streaming Responses client reads. */
final class ResponseWriter {

    private ResponseWriter() {
    }

    static byte[] write(ChatResponse response, ChatRequest request, long createdAt) {
        String id = Ids.response(response.id());
        OutputItems items = new OutputItems(id, ClientTools.of(request));
        ArrayNode output = Json.arrayNode();
        for (Block block : response.content()) {
            switch (block) {
                case Block.Text t -> {
                    if (!t.text().isEmpty()) {
                        output.add(items.message(output.size(), t.text(), true));
                    }
                }
                case Block.Thinking t -> output.add(items.reasoning(output.size(), t.text(), t.signature()));
                case Block.RedactedThinking r -> output.add(items.redacted(output.size(), r.data()));
                case Block.ToolCall c -> {
                    output.add(items.call(output.size(), c));
                    c.signature().ifPresent(s -> output.add(items.callSignature(output.size(), s)));
                }
                // Not part of an answer.
                case Block.Image _, Block.Document _, Block.ToolResult _ -> { }
            }
        }
        Optional<String> incomplete = Status.incompleteReason(response.finish());
        String status = incomplete.isPresent() ? Status.INCOMPLETE : Status.COMPLETED;
        return Json.bytes(new ResponseObject(id, createdAt, request)
                .build(status, output, response.usage(), incomplete, Optional.empty()));
    }
}
