package dev.parley.core.codec.gemini;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Json;
import dev.parley.core.model.Tool;
import dev.parley.core.model.ToolChoice;
import dev.parley.core.protocol.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A Gemini client's {@code tools} and {@code toolConfig}. */
final class ToolsReader {

    private static final String EMPTY_PARAMETERS = "{\"type\":\"object\",\"properties\":{}}";

    private ToolsReader() {
    }

    /**
     * Function declarations become functions; every other entry ({@code googleSearch}, {@code urlContext},
     * {@code codeExecution}...) is a tool Gemini runs itself, kept whole for Gemini upstreams only.
     */
    static List<Tool> tools(ObjectNode body) {
        List<Tool> tools = new ArrayList<>();
        List<JsonNode> entries = Fields.array(body, "tools", "tools");
        for (int i = 0; i < entries.size(); i++) {
            String path = "tools[" + i + "]";
            JsonNode entry = entries.get(i);
            if (!entry.isObject()) {
                throw new CodecException(path, "expected an object");
            }
            for (Map.Entry<String, JsonNode> field : entry.properties()) {
                if (field.getKey().equals("functionDeclarations")) {
                    List<JsonNode> declarations = Fields.array(entry, "functionDeclarations", path + ".functionDeclarations");
                    for (int j = 0; j < declarations.size(); j++) {
                        tools.add(function(declarations.get(j), path + ".functionDeclarations[" + j + "]"));
                    }
                } else if (!field.getValue().isNull()) {
                    ObjectNode definition = Json.objectNode();
                    definition.set(field.getKey(), field.getValue());
                    tools.add(new Tool.Hosted(Protocol.GEMINI, field.getKey(), Json.text(definition)));
                }
            }
        }
        return tools;
    }

    private static Tool.Function function(JsonNode declaration, String path) {
        if (!declaration.isObject()) {
            throw new CodecException(path, "expected an object");
        }
        String name = Fields.string(declaration, "name", path + ".name")
                .orElseThrow(() -> new CodecException(path + ".name", "required"));
        String description = Fields.string(declaration, "description", path + ".description").orElse("");
        Optional<JsonNode> schema = Fields.get(declaration, "parametersJsonSchema")
                .or(() -> Fields.get(declaration, "parameters"));
        String parameters = EMPTY_PARAMETERS;
        if (schema.isPresent()) {
            if (!schema.get().isObject()) {
                throw new CodecException(path + ".parameters", "expected an object");
            }
            parameters = Json.text(Schemas.toJsonSchema(schema.get()));
        }
        return new Tool.Function(name, description, parameters, Optional.empty());
    }

    /** {@code toolConfig.functionCallingConfig} as a choice; absent or unspecified mode means the default. */
    static Optional<ToolChoice> choice(ObjectNode body) {
        Optional<ObjectNode> config = Fields.object(body, "toolConfig", "toolConfig")
                .flatMap(c -> Fields.object(c, "functionCallingConfig", "toolConfig.functionCallingConfig"));
        if (config.isEmpty()) {
            return Optional.empty();
        }
        String path = "toolConfig.functionCallingConfig";
        List<String> names = new ArrayList<>();
        for (JsonNode name : Fields.array(config.get(), "allowedFunctionNames", path + ".allowedFunctionNames")) {
            if (!name.isString()) {
                throw new CodecException(path + ".allowedFunctionNames", "expected strings");
            }
            names.add(name.stringValue());
        }
        String mode = Fields.string(config.get(), "mode", path + ".mode").orElse("MODE_UNSPECIFIED");
        return switch (mode) {
            case "AUTO", "VALIDATED" ->
                    Optional.of(names.isEmpty() ? new ToolChoice.Auto() : new ToolChoice.Allowed(names, false));
            case "ANY" -> Optional.of(switch (names.size()) {
                case 0 -> new ToolChoice.Required();
                case 1 -> new ToolChoice.Named(names.getFirst());
                default -> new ToolChoice.Allowed(names, true);
            });
            case "NONE" -> Optional.of(new ToolChoice.None());
            case "MODE_UNSPECIFIED" -> names.isEmpty() ? Optional.empty() : Optional.of(new ToolChoice.Allowed(names, false));
            default -> throw new CodecException(path + ".mode", "expected AUTO, ANY, NONE or VALIDATED");
        };
    }
}
