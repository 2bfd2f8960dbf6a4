package dev.parley.core.codec.responses;

import dev.parley.core.codec.Json;
import dev.parley.core.model.Block;
import dev.parley.core.model.Signature;
import dev.parley.core.protocol.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** An upstream's output items (reasoning, message, calls) as blocks, read leniently: it is not our input. */
final class ItemReader {

    private ItemReader() {
    }

    /** The blocks one output item stands for; none for hosted tools' items. */
    static List<Block> blocks(JsonNode item) {
        return switch (item.path("type").asString("")) {
            case "reasoning" -> reasoning(item).map(List::of).orElse(List.of());
            case "message" -> texts(item);
            case "function_call", "custom_tool_call", "local_shell_call" -> List.of(call(item));
            default -> List.of();
        };
    }

    static Optional<Block> reasoning(JsonNode item) {
        String text = reasoningText(item);
        Optional<Signature> signature = signature(item);
        if (text.isEmpty() && signature.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Block.Thinking(text, signature));
    }

    static String reasoningText(JsonNode item) {
        String summary = joined(item.path("summary"));
        return summary.isEmpty() ? joined(item.path("content")) : summary;
    }

    static Optional<Signature> signature(JsonNode item) {
        return Fields.text(item, "encrypted_content").filter(s -> !s.isEmpty())
                .map(value -> new Signature(Protocol.OPENAI_RESPONSES, value));
    }

    private static String joined(JsonNode parts) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : parts.values()) {
            String piece = part.path("text").asString("");
            if (!piece.isEmpty()) {
                text.append(text.isEmpty() ? "" : "\n\n").append(piece);
            }
        }
        return text.toString();
    }

    static List<Block> texts(JsonNode message) {
        List<Block> texts = new ArrayList<>();
        for (JsonNode part : message.path("content").values()) {
            partText(part).filter(t -> !t.isEmpty()).ifPresent(t -> texts.add(new Block.Text(t)));
        }
        return texts;
    }

    static Optional<String> partText(JsonNode part) {
        return switch (part.path("type").asString("")) {
            case "output_text" -> Fields.text(part, "text");
            case "refusal" -> Fields.text(part, "refusal");
            default -> Optional.empty();
        };
    }

    static boolean refused(JsonNode message) {
        for (JsonNode part : message.path("content").values()) {
            if (part.path("type").asString("").equals("refusal")) {
                return true;
            }
        }
        return false;
    }

    static boolean isCall(JsonNode item) {
        return switch (item.path("type").asString("")) {
            case "function_call", "custom_tool_call", "local_shell_call" -> true;
            default -> false;
        };
    }

    /** A call item as a tool call, named as the request's flattened tools are. */
    static Block.ToolCall call(JsonNode item) {
        return new Block.ToolCall(callId(item), callName(item), arguments(item), Optional.empty());
    }

    static String callId(JsonNode item) {
        return Fields.text(item, "call_id").or(() -> Fields.text(item, "id")).orElse("");
    }

    static String callName(JsonNode item) {
        if (item.path("type").asString("").equals("local_shell_call")) {
            return LocalShell.NAME;
        }
        String name = item.path("name").asString("");
        return Fields.text(item, "namespace").map(ns -> Namespaces.flatten(ns, name)).orElse(name);
    }

    static String arguments(JsonNode item) {
        return switch (item.path("type").asString("")) {
            case "custom_tool_call" -> customArguments(item.path("input").asString(""));
            case "local_shell_call" -> LocalShell.arguments(item.path("action"));
            default -> item.path("arguments").asString("");
        };
    }

    static String customArguments(String input) {
        ObjectNode args = Json.objectNode();
        args.put("input", input);
        return Json.text(args);
    }
}
