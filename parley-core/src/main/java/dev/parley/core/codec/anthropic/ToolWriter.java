package dev.parley.core.codec.anthropic;

import dev.parley.core.codec.Json;
import dev.parley.core.codec.ToolNames;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.Tool;
import dev.parley.core.model.ToolChoice;
import dev.parley.core.protocol.Protocol;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Tool declarations and {@code tool_choice} for an Anthropic upstream (§7.4, H6, H7, H8). */
final class ToolWriter {

    private static final Protocol ANTHROPIC = Protocol.ANTHROPIC_MESSAGES;

    private ToolWriter() {
    }

    /** The tools as written, and whether the choice forces a call (manual thinking cannot be combined with that). */
    record Written(ArrayNode tools, Optional<ObjectNode> choice, boolean forced) {
    }

    static Written write(ChatRequest request) {
        ArrayNode tools = Json.arrayNode();
        Optional<ToolChoice> choice = request.toolChoice();
        List<String> allowed = choice.map(c -> c instanceof ToolChoice.Allowed a ? a.names() : List.<String>of())
                .orElse(List.of());
        for (Tool tool : request.tools()) {
            if (allowed.isEmpty() || allowed.contains(tool.name())) {
                declaration(tool).ifPresent(tools::add);
            }
        }
        if (tools.isEmpty()) {
            // Anthropic refuses a tool_choice without tools; with none left there is nothing to choose.
            return new Written(tools, Optional.empty(), false);
        }
        boolean parallel = request.parallelToolCalls().orElse(true);
        ToolChoice effective = choice.orElse(new ToolChoice.Auto());
        ObjectNode node = Json.objectNode();
        boolean forced = switch (effective) {
            case ToolChoice.Auto a -> {
                node.put("type", "auto");
                yield false;
            }
            case ToolChoice.None n -> {
                node.put("type", "none");
                yield false;
            }
            case ToolChoice.Required r -> {
                node.put("type", "any");
                yield true;
            }
            case ToolChoice.Named n -> {
                node.put("type", "tool").put("name", ToolNames.forProtocol(n.name(), ANTHROPIC));
                yield true;
            }
            case ToolChoice.Allowed a -> {
                node.put("type", a.required() ? "any" : "auto");
                yield a.required();
            }
        };
        if (!parallel && !(effective instanceof ToolChoice.None)) {
            node.put("disable_parallel_tool_use", true);
        }
        // Without an explicit choice or a parallel switch, Anthropic's default (auto) needs no field.
        boolean write = choice.isPresent() || !parallel;
        return new Written(tools, write ? Optional.of(node) : Optional.empty(), forced);
    }

    private static Optional<ObjectNode> declaration(Tool tool) {
        return switch (tool) {
            case Tool.Function f -> Optional.of(function(f.name(), f.description(), inputSchema(f.parameters())));
            case Tool.Custom c -> Optional.of(function(c.name(), customDescription(c),
                    inputSchema(Tool.Custom.INPUT_SCHEMA)));
            case Tool.Hosted h when h.origin() == ANTHROPIC -> {
                JsonNode definition = Json.parse(h.definition(), "tools");
                if (!definition.isObject()) {
                    yield Optional.empty();
                }
                ObjectNode copy = (ObjectNode) definition.deepCopy();
                // Breakpoints are placed for the whole request; a copied one could break the limit of four.
                copy.remove("cache_control");
                yield Optional.of(copy);
            }
            // Another provider's hosted tool (OpenAI web_search, Gemini googleSearch) cannot run here.
            case Tool.Hosted h -> Optional.empty();
        };
    }

    private static ObjectNode function(String name, String description, ObjectNode schema) {
        ObjectNode node = Json.objectNode().put("name", ToolNames.forProtocol(name, ANTHROPIC));
        if (!description.isEmpty()) {
            node.put("description", description);
        }
        node.set("input_schema", schema);
        return node;
    }

    /** Anthropic needs an object at the root of input_schema (H7): other roots are wrapped as a property. */
    static ObjectNode inputSchema(String parameters) {
        JsonNode schema = Json.parse(parameters, "tools.input_schema");
        if (schema.isObject()) {
            ObjectNode object = (ObjectNode) schema;
            JsonNode type = object.get("type");
            if (type != null && type.isString() && "object".equals(type.stringValue())) {
                return object;
            }
            if (type == null && !object.has("anyOf") && !object.has("oneOf") && !object.has("$ref")) {
                // A schema with no type at all ({} or bare properties) already describes an object's fields.
                return object.put("type", "object");
            }
        }
        ObjectNode wrapped = Json.objectNode().put("type", "object");
        wrapped.putObject("properties").set("value", schema);
        wrapped.putArray("required").add("value");
        return wrapped;
    }

    /** A freeform tool becomes a function taking one string; its grammar tells the model what to write (H8). */
    private static String customDescription(Tool.Custom custom) {
        JsonNode format = Json.parse(custom.format().orElse("{}"), "tools.format");
        JsonNode definition = format.path("definition");
        if (!definition.isString()) {
            return custom.description();
        }
        String grammar = definition.stringValue();
        String syntax = format.path("syntax").asString("");
        String intro = "The input must follow this " + (syntax.isEmpty() ? "" : syntax + " ") + "grammar:\n";
        return (custom.description().isEmpty() ? "" : custom.description() + "\n\n") + intro + grammar;
    }
}
