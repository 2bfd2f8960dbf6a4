package dev.parley.core.codec.anthropic;

import dev.parley.core.codec.IdChars;
import dev.parley.core.codec.Json;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.model.Signature;
import dev.parley.core.protocol.Protocol;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A {@link ChatResponse} as the Messages answer a Claude client expects (§3.5). */
final class ResponseWriter {

    private static final Protocol ANTHROPIC = Protocol.ANTHROPIC_MESSAGES;

    private ResponseWriter() {
    }

    static byte[] write(ChatResponse response, ChatRequest request) {
        ObjectNode root = Json.objectNode()
                .put("id", messageId(response.id()))
                .put("type", "message")
                .put("role", "assistant")
                .put("model", request.model());
        ArrayNode content = root.putArray("content");
        boolean thinking = showsThinking(request);
        for (Block block : response.content()) {
            switch (block) {
                case Block.Text t -> {
                    // Anthropic never answers with an empty text block, and a client would send it back refused.
                    if (!t.text().isEmpty()) {
                        content.addObject().put("type", "text").put("text", t.text());
                    }
                }
                case Block.Thinking t -> {
                    if (thinking) {
                        content.add(thinking(t.text(), t.signature()));
                    }
                }
                case Block.RedactedThinking r -> {
                    if (thinking) {
                        content.addObject().put("type", "redacted_thinking").put("data", r.data().forClient(ANTHROPIC));
                    }
                }
                case Block.ToolCall c -> {
                    ObjectNode use = content.addObject().put("type", "tool_use").put("id", c.id()).put("name", c.name());
                    use.set("input", Json.argumentsObject(c.arguments()));
                    Optional<Signature> carried = c.signature().filter(s -> !s.validFor(ANTHROPIC));
                    if (thinking && carried.isPresent()) {
                        content.add(thinking("", carried));
                    }
                }
                case Block.Image i -> { }
                case Block.Document d -> { }
                case Block.ToolResult r -> { }
            }
        }
        root.put("stop_reason", StopReasons.write(
                StopReasons.withCalls(response.finish(), !response.toolCalls().isEmpty())));
        if (response.stopSequence().isPresent()) {
            root.put("stop_sequence", response.stopSequence().get());
        } else {
            root.putNull("stop_sequence");
        }
        root.set("usage", Usages.write(response.usage()));
        return Json.bytes(root);
    }

    /**
     * Whether the client asked to see thinking: a client that did not would find a thinking block where it looks
     * for the text.
     */
    static boolean showsThinking(ChatRequest request) {
        return request.reasoning().filter(r -> !r.disabled() && r.showThoughts()).isPresent();
    }

    /**
     * A thinking block; another provider's token rides in the signature, wrapped, so that Claude clients echo it
     * back untouched (H1).
     */
    static ObjectNode thinking(String text, Optional<Signature> signature) {
        return Json.objectNode().put("type", "thinking").put("thinking", text)
                .put("signature", signature.map(s -> s.forClient(ANTHROPIC)).orElse(""));
    }

    /** Claude clients expect {@code msg_} ids. */
    static String messageId(String id) {
        if (id.startsWith("msg_")) {
            return id;
        }
        String safe = IdChars.safe(id);
        return "msg_" + (safe.isEmpty() ? UUID.randomUUID().toString().replace("-", "") : safe);
    }
}
