package dev.parley.core.codec.chat;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Json;
import dev.parley.core.model.ResponseFormat;
import dev.parley.core.model.Tool;
import dev.parley.core.model.ToolChoice;
import dev.parley.core.protocol.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** The tool declarations, tool choice and response format of a client request, legacy forms included. */
final class ToolReader {

    /** What a function without {@code parameters} takes: nothing. */
    static final String NO_PARAMETERS = "{\"type\":\"object\",\"properties\":{}}";

    private ToolReader() {
    }

    static List<Tool> tools(JsonNode root) {
        List<Tool> tools = new ArrayList<>();
        List<JsonNode> items = Read.array(root, "tools", "");
        for (int i = 0; i < items.size(); i++) {
            tools.add(tool(items.get(i), Read.path("tools", i)));
        }
        // Legacy `functions` are plain function declarations without the wrapper.
        List<JsonNode> functions = Read.array(root, "functions", "");
        for (int i = 0; i < functions.size(); i++) {
            tools.add(function(functions.get(i), Read.path("functions", i)));
        }
        return tools;
    }

    private static Tool tool(JsonNode tool, String where) {
        if (!tool.isObject()) {
            throw new CodecException(where, "expected an object");
        }
        String type = Read.optString(tool, "type", where).orElse("function");
        return switch (type) {
            case "function" -> function(Read.object(tool, "function", where), Read.path(where, "function"));
            case "custom" -> custom(Read.object(tool, "custom", where), Read.path(where, "custom"));
            // Anything else is a tool the provider runs itself: it can only go back to an OpenAI Chat upstream.
            default -> new Tool.Hosted(Protocol.OPENAI_CHAT, type, Json.text(tool));
        };
    }

    private static Tool.Function function(JsonNode function, String where) {
        if (!function.isObject()) {
            throw new CodecException(where, "expected an object");
        }
        String parameters = Read.optObject(function, "parameters", where).map(Json::text).orElse(NO_PARAMETERS);
        return new Tool.Function(Read.string(function, "name", where),
                Read.optString(function, "description", where).orElse(""), parameters,
                Read.optBoolean(function, "strict", where));
    }

    private static Tool.Custom custom(JsonNode custom, String where) {
        return new Tool.Custom(Read.string(custom, "name", where),
                Read.optString(custom, "description", where).orElse(""),
                Read.optObject(custom, "format", where).map(Json::text));
    }

    static Optional<ToolChoice> toolChoice(JsonNode root) {
        JsonNode choice = root.path("tool_choice");
        if (!Read.absent(choice)) {
            return Optional.of(choice(choice, "tool_choice"));
        }
        JsonNode legacy = root.path("function_call");
        if (!Read.absent(legacy)) {
            return Optional.of(legacyChoice(legacy));
        }
        return Optional.empty();
    }

    private static ToolChoice choice(JsonNode choice, String where) {
        if (choice.isString()) {
            return switch (choice.stringValue()) {
                case "auto" -> new ToolChoice.Auto();
                case "none" -> new ToolChoice.None();
                case "required" -> new ToolChoice.Required();
                default -> throw new CodecException(where, "expected auto, none, required or an object");
            };
        }
        if (!choice.isObject()) {
            throw new CodecException(where, "expected a string or an object");
        }
        String type = Read.string(choice, "type", where);
        return switch (type) {
            case "function", "custom" -> new ToolChoice.Named(namedTool(choice, where));
            case "allowed_tools" -> allowed(Read.object(choice, "allowed_tools", where), Read.path(where, "allowed_tools"));
            default -> throw new CodecException(Read.path(where, "type"), "unknown tool choice type '" + type + "'");
        };
    }

    /** The name in {@code {"type":"function","function":{"name"}}}, its custom twin, or the flat Responses form. */
    private static String namedTool(JsonNode choice, String where) {
        String type = Read.string(choice, "type", where);
        Optional<JsonNode> inner = Read.optObject(choice, type, where);
        if (inner.isPresent()) {
            return Read.string(inner.get(), "name", Read.path(where, type));
        }
        return Read.string(choice, "name", where);
    }

    private static ToolChoice allowed(JsonNode allowed, String where) {
        String mode = Read.optString(allowed, "mode", where).orElse("auto");
        if (!mode.equals("auto") && !mode.equals("required")) {
            throw new CodecException(Read.path(where, "mode"), "expected auto or required");
        }
        List<String> names = new ArrayList<>();
        List<JsonNode> tools = Read.array(allowed, "tools", where);
        for (int i = 0; i < tools.size(); i++) {
            names.add(namedTool(tools.get(i), Read.path(Read.path(where, "tools"), i)));
        }
        return new ToolChoice.Allowed(names, mode.equals("required"));
    }

    private static ToolChoice legacyChoice(JsonNode legacy) {
        if (legacy.isString()) {
            return switch (legacy.stringValue()) {
                case "auto" -> new ToolChoice.Auto();
                case "none" -> new ToolChoice.None();
                default -> throw new CodecException("function_call", "expected auto, none or {\"name\": ...}");
            };
        }
        if (!legacy.isObject()) {
            throw new CodecException("function_call", "expected a string or an object");
        }
        return new ToolChoice.Named(Read.string(legacy, "name", "function_call"));
    }

    static Optional<ResponseFormat> responseFormat(JsonNode root) {
        Optional<JsonNode> format = Read.optObject(root, "response_format", "");
        if (format.isEmpty()) {
            return Optional.empty();
        }
        String type = Read.string(format.get(), "type", "response_format");
        return Optional.of(switch (type) {
            case "text" -> new ResponseFormat.Text();
            case "json_object" -> new ResponseFormat.JsonObject();
            case "json_schema" -> jsonSchema(Read.object(format.get(), "json_schema", "response_format"));
            default -> throw new CodecException("response_format.type", "expected text, json_object or json_schema");
        });
    }

    private static ResponseFormat jsonSchema(JsonNode schema) {
        String where = "response_format.json_schema";
        return new ResponseFormat.JsonSchema(Read.optString(schema, "name", where).orElse("response"),
                Read.optObject(schema, "schema", where).map(Json::text).orElse("{}"),
                Read.optBoolean(schema, "strict", where));
    }
}
