package dev.parley.core.codec.responses;

import dev.parley.core.codec.Json;
import dev.parley.core.codec.ToolNames;
import dev.parley.core.model.Tool;
import dev.parley.core.model.ToolChoice;
import dev.parley.core.protocol.Protocol;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tools and tool choice for a Responses upstream: flat function and custom tools under names OpenAI accepts,
 * OpenAI's own hosted tools as the client declared them; other providers' hosted tools are dropped.
 */
final class ToolWriter {

    private final Map<String, Tool> written;

    private ToolWriter(List<Tool> tools) {
        this.written = tools.stream().filter(ToolWriter::writable)
                .collect(Collectors.toMap(Tool::name, Function.identity(), (a, b) -> a));
    }

    static ToolWriter of(List<Tool> tools) {
        return new ToolWriter(tools);
    }

    private static boolean writable(Tool tool) {
        return switch (tool) {
            case Tool.Function f -> true;
            case Tool.Custom c -> true;
            case Tool.Hosted h -> h.origin() == Protocol.OPENAI_RESPONSES && !Namespaces.isMarker(h);
        };
    }

    boolean isEmpty() {
        return written.isEmpty();
    }

    boolean isCustom(String name) {
        return written.get(name) instanceof Tool.Custom;
    }

    static String name(String name) {
        return ToolNames.forProtocol(name, Protocol.OPENAI_RESPONSES);
    }

    ArrayNode tools(List<Tool> tools) {
        ArrayNode out = Json.arrayNode();
        for (Tool tool : tools) {
            if (writable(tool)) {
                out.add(tool(tool));
            }
        }
        return out;
    }

    private static JsonNode tool(Tool tool) {
        return switch (tool) {
            case Tool.Function f -> function(f);
            case Tool.Custom c -> custom(c);
            case Tool.Hosted h -> Json.parse(h.definition(), "tools." + h.name());
        };
    }

    private static ObjectNode function(Tool.Function function) {
        ObjectNode out = Json.objectNode();
        out.put("type", "function");
        out.put("name", name(function.name()));
        if (!function.description().isEmpty()) {
            out.put("description", function.description());
        }
        out.set("parameters", parameters(function.parameters()));
        // Responses defaults to strict schemas, which most clients' schemas do not satisfy (H7).
        out.put("strict", function.strict().orElse(false));
        return out;
    }

    /** OpenAI wants an object schema with a type; an empty schema means "no arguments". */
    private static ObjectNode parameters(String schema) {
        JsonNode parsed = Json.parse(schema, "parameters");
        ObjectNode out = parsed.isObject() ? (ObjectNode) parsed : Json.objectNode();
        if (!out.has("type")) {
            out.put("type", "object");
        }
        if (out.path("type").asString("").equals("object") && !out.has("properties")) {
            out.putObject("properties");
        }
        return out;
    }

    private static ObjectNode custom(Tool.Custom custom) {
        ObjectNode out = Json.objectNode();
        out.put("type", "custom");
        out.put("name", name(custom.name()));
        if (!custom.description().isEmpty()) {
            out.put("description", custom.description());
        }
        custom.format().ifPresent(format -> out.set("format", Json.parse(format, "format")));
        return out;
    }

    /** The choice, or nothing when it names only tools this upstream does not get. */
    Optional<JsonNode> choice(ToolChoice choice) {
        return switch (choice) {
            case ToolChoice.Auto a -> Optional.of(Json.MAPPER.getNodeFactory().stringNode("auto"));
            case ToolChoice.None n -> Optional.of(Json.MAPPER.getNodeFactory().stringNode("none"));
            case ToolChoice.Required r -> Optional.of(Json.MAPPER.getNodeFactory().stringNode("required"));
            case ToolChoice.Named n -> callable(n.name()) ? Optional.of(reference(n.name())) : Optional.empty();
            case ToolChoice.Allowed a -> allowed(a);
        };
    }

    private Optional<JsonNode> allowed(ToolChoice.Allowed allowed) {
        ArrayNode tools = Json.arrayNode();
        allowed.names().stream().filter(this::callable).forEach(name -> tools.add(reference(name)));
        if (tools.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode out = Json.objectNode();
        out.put("type", "allowed_tools");
        out.put("mode", allowed.required() ? "required" : "auto");
        out.set("tools", tools);
        return Optional.of(out);
    }

    private boolean callable(String name) {
        return written.get(name) instanceof Tool.Function || written.get(name) instanceof Tool.Custom;
    }

    private ObjectNode reference(String name) {
        ObjectNode out = Json.objectNode();
        out.put("type", isCustom(name) ? "custom" : "function");
        out.put("name", name(name));
        return out;
    }
}
