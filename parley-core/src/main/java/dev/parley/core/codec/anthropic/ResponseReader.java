package dev.parley.core.codec.anthropic;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Json;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.Signature;
import dev.parley.core.protocol.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** An Anthropic upstream's non-streaming answer (§3.5) as a {@link ChatResponse}. */
final class ResponseReader {

    private ResponseReader() {
    }

    static ChatResponse read(byte[] body) {
        ObjectNode root = Json.object(body);
        JsonNode content = root.path("content");
        if (!"message".equals(Fields.text(root, "type")) || !content.isArray()) {
            throw new CodecException("The body is not an Anthropic message: expected type \"message\" and content.");
        }
        List<Block> blocks = new ArrayList<>(content.size());
        for (JsonNode block : content) {
            block(block).ifPresent(blocks::add);
        }
        boolean calls = blocks.stream().anyMatch(Block.ToolCall.class::isInstance);
        FinishReason finish = StopReasons.withCalls(StopReasons.read(Fields.text(root, "stop_reason")), calls);
        Optional<String> stopSequence = Optional.of(Fields.text(root, "stop_sequence")).filter(s -> !s.isEmpty());
        return new ChatResponse(Fields.text(root, "id"), Fields.text(root, "model"), blocks, finish, stopSequence,
                Usages.read(root.path("usage")));
    }

    /** One block; server-tool blocks (web search calls and results) have no internal form and are left out. */
    static Optional<Block> block(JsonNode block) {
        return switch (Fields.text(block, "type")) {
            case "text" -> Optional.of(new Block.Text(Fields.text(block, "text")));
            case "thinking" -> Optional.of(new Block.Thinking(Fields.text(block, "thinking"),
                    signature(Fields.text(block, "signature"))));
            case "redacted_thinking" -> Optional.of(new Block.RedactedThinking(
                    new Signature(Protocol.ANTHROPIC_MESSAGES, Fields.text(block, "data"))));
            case "tool_use" -> Optional.of(new Block.ToolCall(Fields.text(block, "id"), Fields.text(block, "name"),
                    block.path("input").isObject() ? Json.text(block.get("input")) : "{}", Optional.empty()));
            default -> Optional.empty();
        };
    }

    /** A token the upstream issued: Anthropic's own, whatever it looks like. */
    static Optional<Signature> signature(String value) {
        return value.isEmpty() ? Optional.empty() : Optional.of(new Signature(Protocol.ANTHROPIC_MESSAGES, value));
    }
}
