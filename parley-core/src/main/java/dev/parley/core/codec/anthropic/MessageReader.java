package dev.parley.core.codec.anthropic;

import static dev.parley.core.codec.anthropic.Fields.at;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Json;
import dev.parley.core.model.Block;
import dev.parley.core.model.Media;
import dev.parley.core.model.Message;
import dev.parley.core.model.Role;
import dev.parley.core.model.Signature;
import dev.parley.core.protocol.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Reads a client's {@code messages} array into the internal conversation. */
final class MessageReader {

    private static final Protocol ANTHROPIC = Protocol.ANTHROPIC_MESSAGES;

    private MessageReader() {
    }

    /** The conversation, and the {@code system} entries that precede every turn (they join the system prompt). */
    record Conversation(List<Block.Text> leadingSystem, List<Message> messages) {
    }

    static Conversation read(JsonNode root) {
        JsonNode array = root.get("messages");
        if (array == null || !array.isArray()) {
            throw new CodecException("messages", "required: an array of messages");
        }
        List<Block.Text> leading = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        int i = 0;
        for (JsonNode node : array) {
            Message message = message(Fields.element(node, at("messages", i)), at("messages", i));
            if (message.role() == Role.SYSTEM && messages.isEmpty()) {
                message.blocks().forEach(b -> leading.add((Block.Text) b));
            } else {
                messages.add(message);
            }
            i++;
        }
        return new Conversation(leading, nameResults(messages));
    }

    private static Message message(JsonNode node, String path) {
        String roleName = Fields.requiredString(node, "role", path);
        Role role = switch (roleName) {
            case "user" -> Role.USER;
            case "assistant" -> Role.ASSISTANT;
            case "system" -> Role.SYSTEM;
            default -> throw new CodecException(at(path, "role"), "expected user, assistant or system");
        };
        List<Block> blocks = content(node, path);
        return new Message(role, switch (role) {
            case USER -> resultsFirst(blocks);
            case ASSISTANT -> attachCallSignatures(blocks);
            case SYSTEM -> blocks.stream().filter(Block.Text.class::isInstance).toList();
        });
    }

    private static List<Block> content(JsonNode node, String path) {
        JsonNode content = Fields.present(node, "content")
                .orElseThrow(() -> new CodecException(at(path, "content"), "required"));
        if (content.isString()) {
            return List.of(new Block.Text(content.stringValue()));
        }
        if (!content.isArray()) {
            throw new CodecException(at(path, "content"), "expected a string or an array of content blocks");
        }
        List<Block> blocks = new ArrayList<>();
        int j = 0;
        for (JsonNode item : content) {
            String where = at(at(path, "content"), j++);
            block(Fields.element(item, where), where).ifPresent(blocks::add);
        }
        return blocks;
    }

    /** One content block; server-tool blocks and types Parley does not know are dropped (Anthropic-only data). */
    private static Optional<Block> block(JsonNode node, String path) {
        String type = Fields.requiredString(node, "type", path);
        return switch (type) {
            case "text" -> Optional.of(text(node, path));
            case "image" -> Optional.of(new Block.Image(imageSource(node, path)));
            case "document" -> Optional.of(document(node, path));
            case "tool_use" -> Optional.of(toolUse(node, path));
            case "tool_result" -> Optional.of(toolResult(node, path));
            case "thinking" -> Optional.of(new Block.Thinking(Fields.string(node, "thinking", path).orElse(""),
                    Fields.string(node, "signature", path).filter(s -> !s.isEmpty())
                            .map(s -> Signature.received(ANTHROPIC, s))));
            case "redacted_thinking" -> Optional.of(new Block.RedactedThinking(
                    Signature.received(ANTHROPIC, Fields.requiredString(node, "data", path))));
            default -> Optional.empty();
        };
    }

    private static Block.Text text(JsonNode node, String path) {
        return new Block.Text(Fields.requiredString(node, "text", path), hasCacheControl(node));
    }

    static boolean hasCacheControl(JsonNode node) {
        return Fields.present(node, "cache_control").isPresent();
    }

    private static Block.ToolCall toolUse(JsonNode node, String path) {
        String arguments = Fields.object(node, "input", path).map(Json::text).orElse("{}");
        return new Block.ToolCall(Fields.requiredString(node, "id", path), Fields.requiredString(node, "name", path),
                arguments, Optional.empty());
    }

    private static Block.ToolResult toolResult(JsonNode node, String path) {
        String callId = Fields.requiredString(node, "tool_use_id", path);
        boolean isError = Fields.bool(node, "is_error", path).orElse(false);
        List<Block> content = new ArrayList<>();
        Optional<JsonNode> value = Fields.present(node, "content");
        if (value.isPresent() && value.get().isString()) {
            content.add(new Block.Text(value.get().stringValue()));
        } else if (value.isPresent() && value.get().isArray()) {
            int j = 0;
            for (JsonNode item : value.get()) {
                String where = at(at(path, "content"), j++);
                resultPart(Fields.element(item, where), where).ifPresent(content::add);
            }
        } else if (value.isPresent()) {
            throw new CodecException(at(path, "content"), "expected a string or an array of content blocks");
        }
        if (hasCacheControl(node)) {
            markLastTextCached(content);
        }
        return new Block.ToolResult(callId, Optional.empty(), content, isError);
    }

    /** A tool result's breakpoint rides on its last text, the one place the internal model keeps cache hints. */
    private static void markLastTextCached(List<Block> content) {
        for (int k = content.size() - 1; k >= 0; k--) {
            if (content.get(k) instanceof Block.Text t) {
                content.set(k, new Block.Text(t.text(), true));
                return;
            }
        }
    }

    private static Optional<Block> resultPart(JsonNode node, String path) {
        String type = Fields.requiredString(node, "type", path);
        return switch (type) {
            case "text" -> Optional.of(text(node, path));
            case "image" -> Optional.of(new Block.Image(imageSource(node, path)));
            case "document" -> Optional.of(document(node, path));
            default -> Optional.empty();
        };
    }

    private static Media imageSource(JsonNode node, String path) {
        String where = at(path, "source");
        JsonNode source = Fields.object(node, "source", path).orElseThrow(() -> new CodecException(where, "required"));
        String type = Fields.requiredString(source, "type", where);
        return switch (type) {
            case "base64" -> new Media.Base64(Fields.requiredString(source, "media_type", where),
                    Fields.requiredString(source, "data", where));
            case "url" -> new Media.Url(Fields.requiredString(source, "url", where), Optional.empty());
            default -> throw new CodecException(at(where, "type"), "expected base64 or url");
        };
    }

    private static Block.Document document(JsonNode node, String path) {
        String where = at(path, "source");
        JsonNode source = Fields.object(node, "source", path).orElseThrow(() -> new CodecException(where, "required"));
        String type = Fields.requiredString(source, "type", where);
        Media media = switch (type) {
            case "base64" -> new Media.Base64(Fields.requiredString(source, "media_type", where),
                    Fields.requiredString(source, "data", where));
            case "url" -> new Media.Url(Fields.requiredString(source, "url", where), Optional.empty());
            // Plain-text documents travel as base64 text/plain, so every protocol carries them as a file.
            case "text" -> plainText(Fields.string(source, "media_type", where).orElse("text/plain"),
                    Fields.requiredString(source, "data", where));
            case "content" -> plainText("text/plain", joinedText(source, where));
            default -> throw new CodecException(at(where, "type"), "expected base64, text, url or content");
        };
        return new Block.Document(media, Fields.string(node, "title", path));
    }

    private static Media plainText(String mediaType, String text) {
        return new Media.Base64(mediaType, Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String joinedText(JsonNode source, String path) {
        Optional<JsonNode> content = Fields.present(source, "content");
        if (content.isPresent() && content.get().isString()) {
            return content.get().stringValue();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : Fields.array(source, "content", path)) {
            if (part.isObject() && "text".equals(Fields.text(part, "type"))) {
                text.append(text.isEmpty() ? "" : "\n").append(Fields.text(part, "text"));
            }
        }
        return text.toString();
    }

    /** The internal model lists a user turn's tool results first, in the order the client gave them. */
    private static List<Block> resultsFirst(List<Block> blocks) {
        List<Block> ordered = new ArrayList<>(blocks.size());
        blocks.stream().filter(Block.ToolResult.class::isInstance).forEach(ordered::add);
        blocks.stream().filter(b -> !(b instanceof Block.ToolResult)).forEach(ordered::add);
        return ordered;
    }

    /**
     * Anthropic's tool_use has no field for another provider's token (a Gemini thought signature on a function
     * call), so Parley sends it to Claude clients in an empty thinking block right after the call. Coming back,
     * that block is folded into the call again.
     */
    private static List<Block> attachCallSignatures(List<Block> blocks) {
        List<Block> out = new ArrayList<>(blocks.size());
        for (Block block : blocks) {
            if (block instanceof Block.Thinking t && t.text().isEmpty() && t.signature().isPresent()
                    && !t.signature().get().validFor(ANTHROPIC) && !out.isEmpty()
                    && out.getLast() instanceof Block.ToolCall call && call.signature().isEmpty()) {
                out.set(out.size() - 1, new Block.ToolCall(call.id(), call.name(), call.arguments(), t.signature()));
            } else {
                out.add(block);
            }
        }
        return out;
    }

    /** Anthropic results carry only the call's id; the name comes from the call in the same history. */
    private static List<Message> nameResults(List<Message> messages) {
        Map<String, String> names = new HashMap<>();
        for (Message message : messages) {
            for (Block block : message.blocks()) {
                if (block instanceof Block.ToolCall call) {
                    names.put(call.id(), call.name());
                }
            }
        }
        List<Message> named = new ArrayList<>(messages.size());
        for (Message message : messages) {
            List<Block> blocks = new ArrayList<>(message.blocks().size());
            for (Block block : message.blocks()) {
                if (block instanceof Block.ToolResult r && r.name().isEmpty() && names.containsKey(r.callId())) {
                    blocks.add(new Block.ToolResult(r.callId(), Optional.of(names.get(r.callId())), r.content(),
                            r.isError()));
                } else {
                    blocks.add(block);
                }
            }
            named.add(new Message(message.role(), blocks));
        }
        return named;
    }
}
