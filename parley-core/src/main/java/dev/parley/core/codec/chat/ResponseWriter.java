package dev.parley.core.codec.chat;

import dev.parley.core.codec.Json;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.model.Tool;
import dev.parley.core.protocol.Protocol;
import java.util.UUID;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@link ChatResponse} → the {@code chat.completion} body a Chat client receives. */
final class ResponseWriter {

    private ResponseWriter() {
    }

    static byte[] write(ChatResponse response, ChatRequest request, long created) {
        ObjectNode root = Json.objectNode();
        root.put("id", completionId(response.id()));
        root.put("object", "chat.completion");
        root.put("created", created);
        root.put("model", request.model());
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        String text = response.text();
        StringBuilder thinking = new StringBuilder();
        ArrayNode calls = Json.arrayNode();
        for (Block block : response.content()) {
            switch (block) {
                case Block.Thinking t -> thinking.append(t.text());
                case Block.ToolCall c -> calls.add(toolCall(c, request));
                // Text is joined above; the rest has no place in a Chat answer.
                case Block.Text t -> { }
                case Block.RedactedThinking r -> { }
                case Block.Image i -> { }
                case Block.Document d -> { }
                case Block.ToolResult r -> { }
            }
        }
        if (text.isEmpty() && !calls.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text);
        }
        message.putNull("refusal");
        if (!thinking.isEmpty()) {
            message.put("reasoning_content", thinking.toString());
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", Vocabulary.finishReason(response.finish(), !calls.isEmpty()));
        root.set("usage", Vocabulary.usage(response.usage()));
        return Json.bytes(root);
    }

    /** A call as the client declared its tool: a freeform tool's call carries the raw input. */
    static ObjectNode toolCall(Block.ToolCall call, ChatRequest request) {
        ObjectNode written = request.tool(call.name()).filter(Tool.Custom.class::isInstance).isPresent()
                ? ToolCalls.custom(call.id(), call.name(), call.arguments())
                : ToolCalls.function(call.id(), call.name(), call.arguments());
        call.signature().ifPresent(s -> ToolCalls.writeSignature(written, s.forClient(Protocol.OPENAI_CHAT)));
        return written;
    }

    /** Chat ids start with {@code chatcmpl-}; an upstream's own id is kept after the prefix for tracing. */
    static String completionId(String upstreamId) {
        if (upstreamId.startsWith("chatcmpl-")) {
            return upstreamId;
        }
        return "chatcmpl-" + (upstreamId.isEmpty() ? UUID.randomUUID().toString().replace("-", "") : upstreamId);
    }
}
