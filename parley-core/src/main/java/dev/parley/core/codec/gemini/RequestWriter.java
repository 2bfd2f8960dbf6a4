package dev.parley.core.codec.gemini;

import dev.parley.core.codec.Json;
import dev.parley.core.codec.ToolNames;
import dev.parley.core.codec.UpstreamCall;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.Effort;
import dev.parley.core.model.Reasoning;
import dev.parley.core.model.ResponseFormat;
import dev.parley.core.model.Tool;
import dev.parley.core.model.ToolChoice;
import dev.parley.core.protocol.Protocol;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A {@link ChatRequest} as a Gemini {@code generateContent} request. */
final class RequestWriter {

    private static final int MAX_STOP_SEQUENCES = 5;

    private RequestWriter() {
    }

    static UpstreamCall write(ChatRequest request, String upstreamModel) {
        String model = modelId(upstreamModel);
        String method = request.stream() ? ":streamGenerateContent?alt=sse" : ":generateContent";
        return new UpstreamCall("/v1beta/models/" + model + method, Json.bytes(body(request, model)));
    }

    /** The model as the path takes it: {@code models/gemini-x} and {@code gemini-x} are the same model. */
    static String modelId(String model) {
        return model.startsWith("models/") ? model.substring("models/".length()) : model;
    }

    static ObjectNode body(ChatRequest request, String model) {
        ObjectNode body = Json.objectNode();
        body.set("contents", ContentsWriter.write(request.messages()));
        if (!request.system().isEmpty()) {
            ArrayNode parts = body.putObject("systemInstruction").putArray("parts");
            for (Block.Text text : request.system()) {
                if (!text.text().isEmpty()) {
                    parts.addObject().put("text", text.text());
                }
            }
        }
        tools(request, body);
        ObjectNode config = generationConfig(request, model);
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
        return body;
    }

    /**
     * Functions and freeform tools as function declarations, Gemini's own hosted tools as they came; hosted
     * tools of other providers cannot run here and are dropped. A choice limited to some tools without forcing
     * one is expressed by declaring only those.
     */
    private static void tools(ChatRequest request, ObjectNode body) {
        Predicate<String> allowed = request.toolChoice()
                .flatMap(c -> c instanceof ToolChoice.Allowed a && !a.required() ? Optional.of(a.names()) : Optional.empty())
                .<Predicate<String>>map(names -> names::contains)
                .orElse(name -> true);
        ArrayNode declarations = Json.arrayNode();
        ArrayNode tools = Json.arrayNode();
        for (Tool tool : request.tools()) {
            switch (tool) {
                case Tool.Function f -> {
                    if (allowed.test(f.name())) {
                        declarations.add(declaration(f.name(), f.description(), f.parameters()));
                    }
                }
                case Tool.Custom c -> {
                    if (allowed.test(c.name())) {
                        declarations.add(declaration(c.name(), customDescription(c), Tool.Custom.INPUT_SCHEMA));
                    }
                }
                case Tool.Hosted h -> {
                    if (h.origin() == Protocol.GEMINI) {
                        tools.add(Json.parse(h.definition(), "tools." + h.name()));
                    }
                }
            }
        }
        if (!declarations.isEmpty()) {
            tools.insertObject(0).set("functionDeclarations", declarations);
            // Gemini refuses a function-calling config without function declarations.
            request.toolChoice().map(RequestWriter::toolConfig).ifPresent(c -> body.set("toolConfig", c));
        }
        if (!tools.isEmpty()) {
            body.set("tools", tools);
        }
    }

    private static ObjectNode declaration(String name, String description, String parameters) {
        ObjectNode declaration = Json.objectNode();
        declaration.put("name", ToolNames.forProtocol(name, Protocol.GEMINI));
        if (!description.isEmpty()) {
            declaration.put("description", description);
        }
        JsonNode schema = Json.parse(parameters, "tools." + name + ".parameters");
        if (!Schemas.takesNoArguments(schema)) {
            declaration.set("parametersJsonSchema", Schemas.forGemini(schema));
        }
        return declaration;
    }

    /** A freeform tool's grammar, if any, goes into its description: the model must still follow it (H8). */
    private static String customDescription(Tool.Custom tool) {
        Optional<String> grammar = tool.format()
                .map(format -> Json.parse(format, "tools." + tool.name() + ".format"))
                .map(format -> format.path("definition").asString(""))
                .filter(definition -> !definition.isEmpty());
        return grammar.map(g -> tool.description() + "\n\nThe input must follow this grammar:\n" + g)
                .orElse(tool.description());
    }

    private static ObjectNode toolConfig(ToolChoice choice) {
        ObjectNode config = Json.objectNode();
        ObjectNode calling = config.putObject("functionCallingConfig");
        switch (choice) {
            case ToolChoice.Auto a -> calling.put("mode", "AUTO");
            case ToolChoice.None n -> calling.put("mode", "NONE");
            case ToolChoice.Required r -> calling.put("mode", "ANY");
            case ToolChoice.Named n -> {
                calling.put("mode", "ANY");
                calling.putArray("allowedFunctionNames").add(ToolNames.forProtocol(n.name(), Protocol.GEMINI));
            }
            case ToolChoice.Allowed a -> {
                calling.put("mode", a.required() ? "ANY" : "AUTO");
                if (a.required()) {
                    ArrayNode names = calling.putArray("allowedFunctionNames");
                    a.names().forEach(name -> names.add(ToolNames.forProtocol(name, Protocol.GEMINI)));
                }
            }
        }
        return config;
    }

    private static ObjectNode generationConfig(ChatRequest request, String model) {
        ObjectNode config = Json.objectNode();
        request.temperature().ifPresent(t -> config.put("temperature", clamp(t, 0, 2)));
        request.topP().ifPresent(p -> config.put("topP", clamp(p, 0, 1)));
        request.topK().ifPresent(k -> config.put("topK", k));
        request.maxOutputTokens().ifPresent(m -> config.put("maxOutputTokens", m));
        List<String> stop = request.stop().stream().filter(s -> !s.isEmpty()).limit(MAX_STOP_SEQUENCES).toList();
        if (!stop.isEmpty()) {
            ArrayNode sequences = config.putArray("stopSequences");
            stop.forEach(sequences::add);
        }
        // Gemini's seed is an int32; a wider seed keeps its low bits, which stays deterministic.
        request.seed().ifPresent(s -> config.put("seed", (int) s));
        request.responseFormat().ifPresent(format -> responseFormat(format, config));
        request.reasoning().map(r -> thinkingConfig(r, model)).filter(t -> !t.isEmpty())
                .ifPresent(t -> config.set("thinkingConfig", t));
        return config;
    }

    private static void responseFormat(ResponseFormat format, ObjectNode config) {
        switch (format) {
            case ResponseFormat.Text t -> {
                // Text is the default.
            }
            case ResponseFormat.JsonObject j -> config.put("responseMimeType", "application/json");
            case ResponseFormat.JsonSchema s -> {
                config.put("responseMimeType", "application/json");
                config.set("responseJsonSchema", Schemas.forGemini(Json.parse(s.schema(), "response_format.schema")));
            }
        }
    }

    /**
     * Gemini 3 takes a thinking level, earlier models a token budget. A request that only asks to see the
     * thoughts leaves the amount to the model's default (dynamic thinking).
     */
    private static ObjectNode thinkingConfig(Reasoning reasoning, String model) {
        ObjectNode config = Json.objectNode();
        String id = model.toLowerCase(Locale.ROOT);
        if (reasoning.effort().isPresent() || reasoning.budgetTokens().isPresent()) {
            if (id.contains("gemini-3")) {
                config.put("thinkingLevel", level(reasoning.level()));
            } else {
                config.put("thinkingBudget", budget(reasoning.budget(), id));
            }
        }
        if (reasoning.showThoughts()) {
            config.put("includeThoughts", true);
        }
        return config;
    }

    /** Gemini 3 cannot switch thinking off: "none" is its lowest level. */
    private static String level(Effort effort) {
        return switch (effort) {
            case NONE, MINIMAL -> "MINIMAL";
            case LOW -> "LOW";
            case MEDIUM -> "MEDIUM";
            case HIGH, XHIGH, MAX -> "HIGH";
        };
    }

    /** Pro models cannot disable thinking (their minimum is 128); Flash caps the budget at 24576, Pro at 32768. */
    private static int budget(int budget, String model) {
        if (model.contains("pro")) {
            return Math.min(Math.max(budget, 128), 32768);
        }
        return Math.min(Math.max(budget, 0), 24576);
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }
}
