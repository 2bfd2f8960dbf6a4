package dev.parley.core.codec.anthropic;

import static dev.parley.core.codec.anthropic.Fields.at;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Json;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.Effort;
import dev.parley.core.model.Reasoning;
import dev.parley.core.model.ResponseFormat;
import dev.parley.core.model.Tool;
import dev.parley.core.model.ToolChoice;
import dev.parley.core.protocol.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a Messages request ({@code POST /v1/messages} or {@code /count_tokens}) into a {@link ChatRequest}.
 * Fields only Anthropic understands ({@code context_management}, {@code container}, {@code mcp_servers},
 * {@code service_tier}...) are ignored, never refused.
 */
final class RequestReader {

    /** Claude Code's attribution line: it changes on every request, so it would defeat every prefix cache. */
    static final String BILLING_HEADER = "x-anthropic-billing-header:";

    private RequestReader() {
    }

    static ChatRequest read(byte[] body, boolean maxTokensRequired) {
        ObjectNode root = Json.object(body);
        ChatRequest.Builder request = ChatRequest.builder(Fields.requiredString(root, "model", ""));
        OptionalInt maxTokens = Fields.integer(root, "max_tokens", "");
        if (maxTokens.isEmpty() && maxTokensRequired) {
            throw new CodecException("max_tokens", "required");
        }
        request.maxOutputTokens(maxTokens);
        MessageReader.Conversation conversation = MessageReader.read(root);
        List<Block.Text> system = new ArrayList<>(system(root));
        system.addAll(conversation.leadingSystem());
        request.system(system).messages(conversation.messages());
        Fields.number(root, "temperature", "").ifPresent(request::temperature);
        Fields.number(root, "top_p", "").ifPresent(request::topP);
        Fields.integer(root, "top_k", "").ifPresent(request::topK);
        request.stop(Fields.strings(root, "stop_sequences", ""));
        request.tools(tools(root));
        toolChoice(root, request);
        request.reasoning(reasoning(root));
        Optional<JsonNode> outputConfig = Fields.object(root, "output_config", "");
        outputConfig.flatMap(c -> format(c, "output_config")).ifPresent(request::responseFormat);
        Fields.object(root, "metadata", "")
                .flatMap(m -> Fields.string(m, "user_id", "metadata"))
                .ifPresent(request::user);
        request.stream(Fields.bool(root, "stream", "").orElse(false));
        return request.build();
    }

    private static List<Block.Text> system(JsonNode root) {
        Optional<JsonNode> system = Fields.present(root, "system");
        if (system.isEmpty()) {
            return List.of();
        }
        if (system.get().isString()) {
            String text = withoutBillingLine(system.get().stringValue());
            return text.isEmpty() ? List.of() : List.of(new Block.Text(text));
        }
        if (!system.get().isArray()) {
            throw new CodecException("system", "expected a string or an array of text blocks");
        }
        List<Block.Text> blocks = new ArrayList<>();
        int i = 0;
        for (JsonNode item : system.get()) {
            String path = at("system", i++);
            Fields.element(item, path);
            if (!"text".equals(Fields.requiredString(item, "type", path))) {
                throw new CodecException(at(path, "type"), "expected text");
            }
            String text = Fields.requiredString(item, "text", path);
            if (!text.stripLeading().startsWith(BILLING_HEADER)) {
                blocks.add(new Block.Text(text, MessageReader.hasCacheControl(item)));
            }
        }
        return blocks;
    }

    private static String withoutBillingLine(String system) {
        if (!system.stripLeading().startsWith(BILLING_HEADER)) {
            return system;
        }
        int newline = system.indexOf('\n');
        return newline < 0 ? "" : system.substring(newline + 1).stripLeading();
    }

    private static List<Tool> tools(JsonNode root) {
        List<JsonNode> items = Fields.array(root, "tools", "");
        List<Tool> tools = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String path = at("tools", i);
            JsonNode tool = Fields.element(items.get(i), path);
            Optional<String> type = Fields.string(tool, "type", path);
            if (type.isPresent() && !type.get().equals("custom")) {
                // A server tool (web_search_20250305, bash_..., text_editor_...): only Anthropic can run it.
                String name = Fields.string(tool, "name", path).orElse(type.get());
                tools.add(new Tool.Hosted(Protocol.ANTHROPIC_MESSAGES, name, Json.text(tool)));
                continue;
            }
            JsonNode schema = Fields.object(tool, "input_schema", path)
                    .orElseThrow(() -> new CodecException(at(path, "input_schema"), "required"));
            tools.add(new Tool.Function(Fields.requiredString(tool, "name", path),
                    Fields.string(tool, "description", path).orElse(""), Json.text(schema),
                    Fields.bool(tool, "strict", path)));
        }
        return tools;
    }

    private static void toolChoice(JsonNode root, ChatRequest.Builder request) {
        Optional<JsonNode> choice = Fields.object(root, "tool_choice", "");
        if (choice.isEmpty()) {
            return;
        }
        JsonNode node = choice.get();
        String type = Fields.requiredString(node, "type", "tool_choice");
        request.toolChoice(switch (type) {
            case "auto" -> new ToolChoice.Auto();
            case "any" -> new ToolChoice.Required();
            case "none" -> new ToolChoice.None();
            case "tool" -> new ToolChoice.Named(Fields.requiredString(node, "name", "tool_choice"));
            default -> throw new CodecException("tool_choice.type", "expected auto, any, tool or none");
        });
        Fields.bool(node, "disable_parallel_tool_use", "tool_choice")
                .ifPresent(disabled -> request.parallelToolCalls(!disabled));
    }

    private static Optional<Reasoning> reasoning(JsonNode root) {
        Optional<Effort> effort = Fields.object(root, "output_config", "")
                .flatMap(c -> Fields.string(c, "effort", "output_config"))
                .map(name -> Effort.fromWireName(name)
                        .orElseThrow(() -> new CodecException("output_config.effort", "unknown effort " + name)));
        Optional<JsonNode> thinking = Fields.object(root, "thinking", "");
        if (thinking.isEmpty()) {
            return effort.map(e -> new Reasoning(Optional.of(e), OptionalInt.empty(), false));
        }
        JsonNode node = thinking.get();
        boolean show = !"omitted".equals(Fields.string(node, "display", "thinking").orElse(""));
        String type = Fields.requiredString(node, "type", "thinking");
        return Optional.of(switch (type) {
            case "enabled" -> new Reasoning(effort, OptionalInt.of(Fields.integer(node, "budget_tokens", "thinking")
                    .orElseThrow(() -> new CodecException("thinking.budget_tokens", "required"))), show);
            case "adaptive" -> new Reasoning(effort, OptionalInt.empty(), show);
            case "disabled" -> new Reasoning(Optional.of(Effort.NONE), OptionalInt.empty(), false);
            default -> throw new CodecException("thinking.type", "expected enabled, adaptive or disabled");
        });
    }

    private static Optional<ResponseFormat> format(JsonNode outputConfig, String path) {
        Optional<JsonNode> format = Fields.object(outputConfig, "format", path);
        if (format.isEmpty()) {
            return Optional.empty();
        }
        String where = at(path, "format");
        if (!"json_schema".equals(Fields.requiredString(format.get(), "type", where))) {
            throw new CodecException(at(where, "type"), "expected json_schema");
        }
        JsonNode schema = Fields.object(format.get(), "schema", where)
                .orElseThrow(() -> new CodecException(at(where, "schema"), "required"));
        // Anthropic's format has no name; "response" is the name other protocols get.
        return Optional.of(new ResponseFormat.JsonSchema("response", Json.text(schema), Optional.empty()));
    }
}
