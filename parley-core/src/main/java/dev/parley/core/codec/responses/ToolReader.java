package dev.parley.core.codec.responses;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Json;
import dev.parley.core.model.Tool;
import dev.parley.core.model.ToolChoice;
import dev.parley.core.protocol.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Reads a client's {@code tools} (and the tools of an {@code additional_tools} item) and {@code tool_choice}. */
final class ToolReader {

    private static final String EMPTY_SCHEMA = "{\"type\":\"object\",\"properties\":{}}";

    private ToolReader() {
    }

    static List<Tool> tools(JsonNode parent, String name, String path) {
        List<Tool> tools = new ArrayList<>();
        List<JsonNode> declared = Fields.array(parent, name, path);
        for (int i = 0; i < declared.size(); i++) {
            read(declared.get(i), Fields.at(Fields.at(path, name), i), tools);
        }
        return tools;
    }

    private static void read(JsonNode tool, String path, List<Tool> into) {
        Fields.object(tool, path);
        String type = Fields.requiredString(tool, "type", path);
        switch (type) {
            case "function" -> into.add(function(tool, path, ""));
            case "custom" -> into.add(custom(tool, path, ""));
            case "namespace" -> namespace(tool, path, into);
            case "local_shell" -> into.add(LocalShell.tool());
            // Web search, file search, image generation, MCP, tool search...: run by OpenAI itself.
            default -> into.add(new Tool.Hosted(Protocol.OPENAI_RESPONSES, type, Json.text(tool)));
        }
    }

    private static Tool.Function function(JsonNode tool, String path, String prefix) {
        String name = prefix + Fields.requiredString(tool, "name", path);
        String description = Fields.string(tool, "description", path).orElse("");
        JsonNode parameters = tool.path("parameters");
        String schema;
        if (!Fields.present(parameters)) {
            schema = EMPTY_SCHEMA;
        } else if (parameters.isObject()) {
            schema = Json.text(parameters);
        } else {
            throw new CodecException(Fields.at(path, "parameters"), "expected a JSON Schema object");
        }
        return new Tool.Function(name, description, schema, Fields.bool(tool, "strict", path));
    }

    private static Tool.Custom custom(JsonNode tool, String path, String prefix) {
        String name = prefix + Fields.requiredString(tool, "name", path);
        String description = Fields.string(tool, "description", path).orElse("");
        JsonNode format = tool.path("format");
        Optional<String> formatText = Fields.present(format) ? Optional.of(Json.text(format)) : Optional.empty();
        return new Tool.Custom(name, description, formatText);
    }

    private static void namespace(JsonNode tool, String path, List<Tool> into) {
        String namespace = Fields.requiredString(tool, "name", path);
        String prefix = Namespaces.flatten(namespace, "");
        List<String> members = new ArrayList<>();
        List<JsonNode> nested = Fields.array(tool, "tools", path);
        for (int i = 0; i < nested.size(); i++) {
            String at = Fields.at(Fields.at(path, "tools"), i);
            JsonNode member = Fields.object(nested.get(i), at);
            Tool flat = switch (Fields.requiredString(member, "type", at)) {
                case "function" -> function(member, at, prefix);
                case "custom" -> custom(member, at, prefix);
                default -> throw new CodecException(Fields.at(at, "type"), "a namespace holds function and custom tools only");
            };
            members.add(flat.name().substring(prefix.length()));
            into.add(flat);
        }
        into.add(Namespaces.marker(namespace, members));
    }

    static Optional<ToolChoice> choice(JsonNode root) {
        JsonNode choice = root.path("tool_choice");
        if (!Fields.present(choice)) {
            return Optional.empty();
        }
        if (choice.isString()) {
            return Optional.of(switch (choice.stringValue()) {
                case "auto" -> new ToolChoice.Auto();
                case "none" -> new ToolChoice.None();
                case "required" -> new ToolChoice.Required();
                default -> throw new CodecException("tool_choice", "expected auto, none, required or an object");
            });
        }
        Fields.object(choice, "tool_choice");
        String type = Fields.requiredString(choice, "type", "tool_choice");
        return Optional.of(switch (type) {
            case "function", "custom" -> new ToolChoice.Named(choiceName(choice, "tool_choice"));
            case "allowed_tools" -> allowed(choice);
            // A hosted tool (web_search...) cannot be forced anywhere but OpenAI: let the model choose.
            default -> new ToolChoice.Auto();
        });
    }

    private static ToolChoice allowed(JsonNode choice) {
        boolean required = Fields.string(choice, "mode", "tool_choice").orElse("auto").equals("required");
        List<String> names = new ArrayList<>();
        List<JsonNode> tools = Fields.array(choice, "tools", "tool_choice");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            if (Fields.present(tool.path("name"))) {
                names.add(choiceName(tool, Fields.at("tool_choice.tools", i)));
            }
        }
        return new ToolChoice.Allowed(names, required);
    }

    private static String choiceName(JsonNode choice, String path) {
        String name = Fields.requiredString(choice, "name", path);
        return Fields.string(choice, "namespace", path).map(ns -> Namespaces.flatten(ns, name)).orElse(name);
    }
}
