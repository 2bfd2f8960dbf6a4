package dev.parley.core.codec.anthropic;

import dev.parley.core.codec.Json;
import dev.parley.core.codec.ToolIds;
import dev.parley.core.codec.ToolNames;
import dev.parley.core.model.Block;
import dev.parley.core.model.Media;
import dev.parley.core.protocol.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Internal blocks as Anthropic content blocks, for an Anthropic upstream. What Anthropic refuses is fixed or
 * dropped here: empty text (H11), other providers' reasoning tokens (H1), image types it cannot read, ids and
 * names outside its alphabet (H5, H6).
 */
final class ContentWriter {

    private static final Protocol ANTHROPIC = Protocol.ANTHROPIC_MESSAGES;
    private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private ContentWriter() {
    }

    /** A user turn's block, or nothing when Anthropic cannot take it there. */
    static Optional<ObjectNode> user(Block block) {
        return switch (block) {
            case Block.Text t -> text(t);
            case Block.Image i -> Optional.of(image(i.source()));
            case Block.Document d -> Optional.of(document(d));
            case Block.ToolResult r -> Optional.of(toolResult(r));
            case Block.Thinking t -> Optional.empty();
            case Block.RedactedThinking r -> Optional.empty();
            case Block.ToolCall c -> Optional.empty();
        };
    }

    /** An assistant turn's block, or nothing when Anthropic cannot take it there. */
    static Optional<ObjectNode> assistant(Block block) {
        return switch (block) {
            case Block.Text t -> text(t);
            case Block.Thinking t -> t.signature().filter(s -> s.validFor(ANTHROPIC)).map(s -> {
                ObjectNode node = Json.objectNode().put("type", "thinking").put("thinking", t.text());
                return node.put("signature", s.value());
            });
            case Block.RedactedThinking r -> r.data().validFor(ANTHROPIC)
                    ? Optional.of(Json.objectNode().put("type", "redacted_thinking").put("data", r.data().value()))
                    : Optional.empty();
            case Block.ToolCall c -> Optional.of(toolUse(c));
            case Block.Image i -> Optional.empty();
            case Block.Document d -> Optional.empty();
            case Block.ToolResult r -> Optional.empty();
        };
    }

    static ObjectNode cached(ObjectNode block) {
        block.putObject("cache_control").put("type", "ephemeral");
        return block;
    }

    /** Anthropic refuses text blocks without a non-whitespace character (H11). */
    private static Optional<ObjectNode> text(Block.Text t) {
        if (t.text().isBlank()) {
            return Optional.empty();
        }
        ObjectNode node = Json.objectNode().put("type", "text").put("text", t.text());
        return Optional.of(t.cacheHint() ? cached(node) : node);
    }

    private static ObjectNode toolUse(Block.ToolCall call) {
        ObjectNode node = Json.objectNode().put("type", "tool_use").put("id", ToolIds.safe(call.id()))
                .put("name", ToolNames.forProtocol(call.name(), ANTHROPIC));
        node.set("input", Json.argumentsObject(call.arguments()));
        return node;
    }

    private static ObjectNode toolResult(Block.ToolResult result) {
        ObjectNode node = Json.objectNode().put("type", "tool_result").put("tool_use_id", ToolIds.safe(result.callId()));
        List<ObjectNode> parts = new ArrayList<>();
        boolean cache = false;
        for (Block block : result.content()) {
            cache |= block instanceof Block.Text t && t.cacheHint();
            Optional<ObjectNode> part = switch (block) {
                case Block.Text t -> text(new Block.Text(t.text()));
                case Block.Image i -> Optional.of(image(i.source()));
                case Block.Document d -> Optional.of(document(d));
                case Block.Thinking t -> Optional.empty();
                case Block.RedactedThinking r -> Optional.empty();
                case Block.ToolCall c -> Optional.empty();
                case Block.ToolResult r -> Optional.empty();
            };
            part.ifPresent(parts::add);
        }
        if (parts.size() == 1 && "text".equals(parts.getFirst().get("type").stringValue())) {
            node.put("content", parts.getFirst().get("text").stringValue());
        } else if (!parts.isEmpty()) {
            ArrayNode content = node.putArray("content");
            parts.forEach(content::add);
        }
        if (result.isError()) {
            node.put("is_error", true);
        }
        return cache ? cached(node) : node;
    }

    private static ObjectNode image(Media source) {
        return switch (source) {
            case Media.Base64 b when IMAGE_TYPES.contains(b.mediaType()) -> {
                ObjectNode node = Json.objectNode().put("type", "image");
                node.putObject("source").put("type", "base64").put("media_type", b.mediaType()).put("data", b.data());
                yield node;
            }
            // Anthropic reads only JPEG, PNG, GIF and WebP; a note keeps the turn honest about what was left out.
            case Media.Base64 b -> note("[image omitted: " + b.mediaType() + " is not supported]");
            case Media.Url u -> {
                ObjectNode node = Json.objectNode().put("type", "image");
                node.putObject("source").put("type", "url").put("url", u.url());
                yield node;
            }
        };
    }

    private static ObjectNode document(Block.Document document) {
        ObjectNode node = Json.objectNode().put("type", "document");
        switch (document.source()) {
            case Media.Base64 b when b.mediaType().equals("application/pdf") ->
                    node.putObject("source").put("type", "base64").put("media_type", b.mediaType()).put("data", b.data());
            case Media.Base64 b when b.mediaType().startsWith("text/") -> {
                Optional<String> text = decoded(b.data());
                if (text.isEmpty()) {
                    return note("[document omitted: its text is not valid base64]");
                }
                node.putObject("source").put("type", "text").put("media_type", "text/plain").put("data", text.get());
            }
            case Media.Base64 b -> {
                return note("[document omitted: " + b.mediaType() + " is not supported]");
            }
            case Media.Url u -> node.putObject("source").put("type", "url").put("url", u.url());
        }
        document.title().ifPresent(title -> node.put("title", title));
        return node;
    }

    private static Optional<String> decoded(String base64) {
        try {
            return Optional.of(new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static ObjectNode note(String text) {
        return Json.objectNode().put("type", "text").put("text", text);
    }
}
