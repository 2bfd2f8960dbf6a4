package dev.parley.core.codec.gemini;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Json;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.Effort;
import dev.parley.core.model.Reasoning;
import dev.parley.core.model.ResponseFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Gemini {@code generateContent} request body as a {@link ChatRequest}. The model and the choice of streaming
 * come from the URL path, not the body. Fields the internal model has no place for ({@code safetySettings},
 * {@code cachedContent}, penalties) are not kept.
 */
final class RequestReader {

    private RequestReader() {
    }

    static ChatRequest read(ObjectNode body, String model, boolean stream) {
        ChatRequest.Builder request = ChatRequest.builder(model).stream(stream);
        request.system(system(body));
        List<JsonNode> contents = Fields.array(body, "contents", "contents");
        if (contents.isEmpty()) {
            throw new CodecException("contents", "required: at least one content");
        }
        request.messages(ContentsReader.read(contents));
        request.tools(ToolsReader.tools(body));
        request.toolChoice(ToolsReader.choice(body));
        Optional<ObjectNode> config = Fields.object(body, "generationConfig", "generationConfig");
        config.ifPresent(c -> generationConfig(c, request));
        return request.build();
    }

    /** {@code systemInstruction}: a Content whose text parts are the prompt (a bare string is tolerated). */
    private static List<Block.Text> system(ObjectNode body) {
        Optional<JsonNode> instruction = Fields.get(body, "systemInstruction");
        if (instruction.isEmpty()) {
            return List.of();
        }
        if (instruction.get().isString()) {
            String text = instruction.get().stringValue();
            return text.isEmpty() ? List.of() : List.of(new Block.Text(text));
        }
        if (!instruction.get().isObject()) {
            throw new CodecException("systemInstruction", "expected a Content object");
        }
        List<Block.Text> system = new ArrayList<>();
        List<JsonNode> parts = Fields.array(instruction.get(), "parts", "systemInstruction.parts");
        for (int i = 0; i < parts.size(); i++) {
            String path = "systemInstruction.parts[" + i + "]";
            if (!parts.get(i).isObject()) {
                throw new CodecException(path, "expected an object");
            }
            Fields.string(parts.get(i), "text", path + ".text").filter(t -> !t.isEmpty())
                    .ifPresent(text -> system.add(new Block.Text(text)));
        }
        return system;
    }

    private static void generationConfig(ObjectNode config, ChatRequest.Builder request) {
        String path = "generationConfig.";
        OptionalInt candidates = Fields.integer(config, "candidateCount", path + "candidateCount");
        if (candidates.isPresent() && candidates.getAsInt() > 1) {
            throw new CodecException(path + "candidateCount", "only one candidate per request is supported");
        }
        Fields.number(config, "temperature", path + "temperature").ifPresent(request::temperature);
        Fields.number(config, "topP", path + "topP").ifPresent(request::topP);
        Fields.integer(config, "topK", path + "topK").ifPresent(request::topK);
        Fields.integer(config, "maxOutputTokens", path + "maxOutputTokens").ifPresent(request::maxOutputTokens);
        Fields.longInteger(config, "seed", path + "seed").ifPresent(request::seed);
        List<String> stop = new ArrayList<>();
        for (JsonNode sequence : Fields.array(config, "stopSequences", path + "stopSequences")) {
            if (!sequence.isString()) {
                throw new CodecException(path + "stopSequences", "expected strings");
            }
            stop.add(sequence.stringValue());
        }
        request.stop(stop);
        responseFormat(config).ifPresent(request::responseFormat);
        Fields.object(config, "thinkingConfig", path + "thinkingConfig")
                .map(RequestReader::reasoning)
                .ifPresent(request::reasoning);
    }

    /** JSON output: {@code responseMimeType} application/json, with a schema in either of Gemini's two forms. */
    private static Optional<ResponseFormat> responseFormat(ObjectNode config) {
        String mimeType = Fields.string(config, "responseMimeType", "generationConfig.responseMimeType").orElse("");
        if (!mimeType.equalsIgnoreCase("application/json")) {
            return Optional.empty();
        }
        Optional<JsonNode> schema = Fields.get(config, "responseJsonSchema").or(() -> Fields.get(config, "responseSchema"));
        if (schema.isEmpty()) {
            return Optional.of(new ResponseFormat.JsonObject());
        }
        return Optional.of(new ResponseFormat.JsonSchema("response", Json.text(Schemas.toJsonSchema(schema.get())),
                Optional.empty()));
    }

    /**
     * {@code thinkingConfig}: a level (Gemini 3) or a budget (2.5; {@code -1} is "dynamic", which stands for a
     * medium effort), and whether the thought summaries are wanted.
     */
    private static Reasoning reasoning(ObjectNode thinking) {
        String path = "generationConfig.thinkingConfig.";
        boolean show = Fields.bool(thinking, "includeThoughts", path + "includeThoughts");
        Optional<Effort> effort = Fields.string(thinking, "thinkingLevel", path + "thinkingLevel")
                .flatMap(level -> level(level, path + "thinkingLevel"));
        OptionalInt budget = Fields.integer(thinking, "thinkingBudget", path + "thinkingBudget");
        if (budget.isPresent() && budget.getAsInt() < 0) {
            effort = effort.or(() -> Optional.of(Effort.MEDIUM));
            budget = OptionalInt.empty();
        }
        return new Reasoning(effort, budget, show);
    }

    private static Optional<Effort> level(String level, String path) {
        return switch (level.toUpperCase(Locale.ROOT)) {
            case "MINIMAL" -> Optional.of(Effort.MINIMAL);
            case "LOW" -> Optional.of(Effort.LOW);
            case "MEDIUM" -> Optional.of(Effort.MEDIUM);
            case "HIGH" -> Optional.of(Effort.HIGH);
            case "THINKING_LEVEL_UNSPECIFIED" -> Optional.empty();
            default -> throw new CodecException(path, "expected MINIMAL, LOW, MEDIUM or HIGH");
        };
    }
}
