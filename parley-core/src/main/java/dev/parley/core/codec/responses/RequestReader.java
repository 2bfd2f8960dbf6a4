package dev.parley.core.codec.responses;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Json;
import dev.parley.core.codec.RequestTarget;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.Effort;
import dev.parley.core.model.Reasoning;
import dev.parley.core.model.ResponseFormat;
import dev.parley.core.model.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A client's {@code POST /v1/responses} body in Parley's terms. */
final class RequestReader {

    private RequestReader() {
    }

    static ChatRequest read(byte[] body, RequestTarget target) {
        ObjectNode root = Json.object(body);
        rejectStateful(root);
        String model = Fields.string(root, "model", "").or(target::model)
                .orElseThrow(() -> new CodecException("model", "required"));
        InputReader.Result input = InputReader.read(root);

        List<Block.Text> system = new ArrayList<>();
        Fields.string(root, "instructions", "").filter(s -> !s.isEmpty()).ifPresent(s -> system.add(new Block.Text(s)));
        system.addAll(input.system());
        List<Tool> tools = new ArrayList<>(ToolReader.tools(root, "tools", ""));
        tools.addAll(input.additionalTools());

        ChatRequest.Builder request = ChatRequest.builder(model)
                .system(system)
                .messages(input.messages())
                .tools(tools)
                .toolChoice(ToolReader.choice(root))
                .maxOutputTokens(Fields.integer(root, "max_output_tokens", ""))
                .reasoning(reasoning(root))
                .stream(Fields.bool(root, "stream", "").orElse(target.stream()));
        Fields.bool(root, "parallel_tool_calls", "").ifPresent(request::parallelToolCalls);
        Fields.number(root, "temperature", "").ifPresent(request::temperature);
        Fields.number(root, "top_p", "").ifPresent(request::topP);
        format(root).ifPresent(request::responseFormat);
        Fields.string(root, "safety_identifier", "").or(() -> Fields.string(root, "user", "")).ifPresent(request::user);
        Fields.string(root, "prompt_cache_key", "").ifPresent(request::cacheKey);
        return request.build();
    }

    /** Fields that point at state OpenAI keeps server-side: Parley keeps none, so it cannot honour them (H20). */
    private static void rejectStateful(JsonNode root) {
        if (Fields.present(root.path("previous_response_id"))) {
            throw new CodecException("previous_response_id",
                    "not supported: Parley is stateless; send the whole conversation in input (with store: false)");
        }
        if (Fields.present(root.path("conversation"))) {
            throw new CodecException("conversation",
                    "not supported: Parley is stateless; send the whole conversation in input");
        }
        if (Fields.present(root.path("prompt"))) {
            throw new CodecException("prompt", "stored prompts are not supported; send instructions and input");
        }
        if (Fields.bool(root, "background", "").orElse(false)) {
            throw new CodecException("background", "background responses are not supported");
        }
    }

    private static Optional<Reasoning> reasoning(JsonNode root) {
        JsonNode reasoning = root.path("reasoning");
        if (!Fields.present(reasoning)) {
            return Optional.empty();
        }
        Fields.object(reasoning, "reasoning");
        Optional<Effort> effort = Fields.string(reasoning, "effort", "reasoning").map(name -> Effort.fromWireName(name)
                .orElseThrow(() -> new CodecException("reasoning.effort",
                        "expected none, minimal, low, medium, high or xhigh")));
        Optional<String> summary = Fields.string(reasoning, "summary", "reasoning")
                .or(() -> Fields.string(reasoning, "generate_summary", "reasoning"));
        boolean showThoughts = summary.isPresent() && !summary.get().equals("none");
        return Optional.of(new Reasoning(effort, OptionalInt.empty(), showThoughts));
    }

    private static Optional<ResponseFormat> format(JsonNode root) {
        JsonNode format = root.path("text").path("format");
        if (!Fields.present(format)) {
            return Optional.empty();
        }
        Fields.object(format, "text.format");
        String type = Fields.requiredString(format, "type", "text.format");
        return Optional.of(switch (type) {
            case "text" -> new ResponseFormat.Text();
            case "json_object" -> new ResponseFormat.JsonObject();
            case "json_schema" -> {
                JsonNode schema = Fields.object(format.path("schema"), "text.format.schema");
                yield new ResponseFormat.JsonSchema(Fields.string(format, "name", "text.format").orElse("response"),
                        Json.text(schema), Fields.bool(format, "strict", "text.format"));
            }
            default -> throw new CodecException("text.format.type", "expected text, json_object or json_schema");
        });
    }
}
