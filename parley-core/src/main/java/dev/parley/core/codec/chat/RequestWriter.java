package dev.parley.core.codec.chat;

import dev.parley.core.codec.Json;
import dev.parley.core.codec.ToolNames;
import dev.parley.core.codec.UpstreamCall;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ResponseFormat;
import dev.parley.core.model.Tool;
import dev.parley.core.model.ToolChoice;
import dev.parley.core.protocol.Protocol;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@link ChatRequest} → the body of a Chat Completions request to an OpenAI or OpenAI-compatible upstream. */
final class RequestWriter {

    static final String PATH = "/chat/completions";
    /** Chat takes at most four stop sequences (H9). */
    private static final int MAX_STOP = 4;

    private RequestWriter() {
    }

    static UpstreamCall write(ChatRequest request, String upstreamModel) {
        ObjectNode root = Json.objectNode();
        root.put("model", upstreamModel);
        root.set("messages", MessageWriter.write(request));
        ArrayNode tools = tools(request.tools());
        if (!tools.isEmpty()) {
            // Chat rejects tool_choice and parallel_tool_calls without tools (e.g. when only foreign hosted tools were asked).
            root.set("tools", tools);
            request.toolChoice().ifPresent(c -> root.set("tool_choice", toolChoice(c)));
            request.parallelToolCalls().ifPresent(p -> root.put("parallel_tool_calls", p));
        }
        request.maxOutputTokens().ifPresent(m -> root.put("max_completion_tokens", m));
        request.temperature().ifPresent(t -> root.put("temperature", clamp(t, 0, 2)));
        request.topP().ifPresent(p -> root.put("top_p", clamp(p, 0, 1)));
        if (!request.stop().isEmpty()) {
            ArrayNode stop = root.putArray("stop");
            request.stop().stream().limit(MAX_STOP).forEach(stop::add);
        }
        request.reasoning().ifPresent(r -> root.put("reasoning_effort", r.level().wireName()));
        request.responseFormat().ifPresent(f -> root.set("response_format", responseFormat(f)));
        request.user().ifPresent(u -> root.put("user", u));
        request.cacheKey().ifPresent(k -> root.put("prompt_cache_key", k));
        request.seed().ifPresent(s -> root.put("seed", s));
        if (request.stream()) {
            root.put("stream", true);
            // Usage is always needed for accounting; the encoder drops the chunk for clients that did not ask.
            root.putObject("stream_options").put("include_usage", true);
        }
        return new UpstreamCall(PATH, Json.bytes(root));
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    private static ArrayNode tools(List<Tool> tools) {
        ArrayNode out = Json.arrayNode();
        for (Tool tool : tools) {
            switch (tool) {
                case Tool.Function f -> out.add(function(f.name(), f.description(), f.parameters(), f.strict()));
                // H8: Chat upstreams get freeform tools as a function taking {"input": string}.
                case Tool.Custom c ->
                        out.add(function(c.name(), customDescription(c), Tool.Custom.INPUT_SCHEMA, Optional.empty()));
                case Tool.Hosted h -> {
                    if (h.origin() == Protocol.OPENAI_CHAT) {
                        out.add(Json.parse(h.definition(), "tools." + h.name()));
                    }
                }
            }
        }
        return out;
    }

    private static ObjectNode function(String name, String description, String parameters, Optional<Boolean> strict) {
        ObjectNode tool = Json.objectNode().put("type", "function");
        ObjectNode function = tool.putObject("function");
        function.put("name", ToolNames.forProtocol(name, Protocol.OPENAI_CHAT));
        if (!description.isEmpty()) {
            function.put("description", description);
        }
        function.set("parameters", Schemas.forChat(Json.parse(parameters, "tools." + name + ".parameters")));
        // Strict mode only when the client asked for it: most schemas are not strict-compliant (H7).
        strict.ifPresent(s -> function.put("strict", s));
        return tool;
    }

    /** The description with the input's grammar appended, so the model still knows what to write. */
    static String customDescription(Tool.Custom tool) {
        Optional<JsonNode> format = tool.format().map(f -> Json.parse(f, "tools." + tool.name() + ".format"));
        Optional<JsonNode> grammar = format.filter(f -> "grammar".equals(f.path("type").asString(""))).map(f ->
                f.path("grammar").isObject() ? f.path("grammar") : f);
        if (grammar.isEmpty()) {
            return tool.description();
        }
        String syntax = grammar.get().path("syntax").asString("");
        String definition = grammar.get().path("definition").asString("");
        String prefix = tool.description().isEmpty() ? "" : tool.description() + "\n\n";
        return prefix + "The input string must follow this " + (syntax.isEmpty() ? "" : syntax + " ") + "grammar:\n" + definition;
    }

    private static JsonNode toolChoice(ToolChoice choice) {
        return switch (choice) {
            case ToolChoice.Auto a -> Json.MAPPER.getNodeFactory().stringNode("auto");
            case ToolChoice.None n -> Json.MAPPER.getNodeFactory().stringNode("none");
            case ToolChoice.Required r -> Json.MAPPER.getNodeFactory().stringNode("required");
            case ToolChoice.Named n -> namedFunction(n.name());
            case ToolChoice.Allowed a -> {
                ObjectNode allowed = Json.objectNode().put("type", "allowed_tools");
                ObjectNode inner = allowed.putObject("allowed_tools").put("mode", a.required() ? "required" : "auto");
                ArrayNode list = inner.putArray("tools");
                a.names().forEach(name -> list.add(namedFunction(name)));
                yield allowed;
            }
        };
    }

    private static ObjectNode namedFunction(String name) {
        ObjectNode named = Json.objectNode().put("type", "function");
        named.putObject("function").put("name", ToolNames.forProtocol(name, Protocol.OPENAI_CHAT));
        return named;
    }

    private static ObjectNode responseFormat(ResponseFormat format) {
        ObjectNode out = Json.objectNode();
        switch (format) {
            case ResponseFormat.Text t -> out.put("type", "text");
            case ResponseFormat.JsonObject j -> out.put("type", "json_object");
            case ResponseFormat.JsonSchema s -> {
                out.put("type", "json_schema");
                ObjectNode schema = out.putObject("json_schema");
                schema.put("name", ToolNames.forProtocol(s.name(), Protocol.OPENAI_CHAT));
                schema.set("schema", Schemas.forChat(Json.parse(s.schema(), "response_format.schema")));
                s.strict().ifPresent(v -> schema.put("strict", v));
            }
        }
        return out;
    }
}
