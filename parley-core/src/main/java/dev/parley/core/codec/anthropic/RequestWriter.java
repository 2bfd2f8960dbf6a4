package dev.parley.core.codec.anthropic;

import dev.parley.core.codec.Json;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.Reasoning;
import dev.parley.core.model.ResponseFormat;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A {@link ChatRequest} as a Messages request body for an Anthropic upstream. */
final class RequestWriter {

    /** What a request that names no limit may produce (H17): Anthropic has no default of its own. */
    static final int DEFAULT_MAX_TOKENS = 8192;
    /** Anthropic's smallest thinking budget. */
    static final int MIN_BUDGET = 1024;
    /** Room left for the answer when max_tokens must grow above the thinking budget. */
    static final int ANSWER_ROOM = 4096;

    private RequestWriter() {
    }

    static byte[] messages(ChatRequest request, String upstreamModel) {
        ObjectNode root = Json.objectNode().put("model", upstreamModel);
        int maxTokens = request.maxOutputTokens().orElse(DEFAULT_MAX_TOKENS);
        root.put("max_tokens", maxTokens);
        ArrayNode messages = body(root, request);
        ToolWriter.Written tools = tools(root, request, messages);
        CacheBreakpoints.place(root, request);
        OptionalInt budget = thinkingBudget(request, messages, tools.forced());
        if (budget.isPresent()) {
            int thinking = budget.getAsInt();
            if (thinking >= maxTokens) {
                root.put("max_tokens", thinking + ANSWER_ROOM);
            }
            root.putObject("thinking").put("type", "enabled").put("budget_tokens", thinking);
        }
        sampling(root, request, budget.isPresent());
        if (!request.stop().isEmpty()) {
            ArrayNode stop = root.putArray("stop_sequences");
            request.stop().forEach(stop::add);
        }
        outputFormat(root, request);
        request.user().ifPresent(user -> root.putObject("metadata").put("user_id", user));
        root.put("stream", request.stream());
        return Json.bytes(root);
    }

    /** The count_tokens body: what the prompt is made of, without generation settings. */
    static byte[] countTokens(ChatRequest request, String upstreamModel) {
        ObjectNode root = Json.objectNode().put("model", upstreamModel);
        tools(root, request, body(root, request));
        CacheBreakpoints.place(root, request);
        outputFormat(root, request);
        return Json.bytes(root);
    }

    private static ArrayNode body(ObjectNode root, ChatRequest request) {
        ArrayNode system = Json.arrayNode();
        for (Block.Text text : request.system()) {
            if (!text.text().isBlank()) {
                ObjectNode block = Json.objectNode().put("type", "text").put("text", text.text());
                system.add(text.cacheHint() ? ContentWriter.cached(block) : block);
            }
        }
        if (!system.isEmpty()) {
            root.set("system", system);
        }
        ArrayNode messages = ConversationWriter.write(request.messages());
        root.set("messages", messages);
        return messages;
    }

    private static ToolWriter.Written tools(ObjectNode root, ChatRequest request, ArrayNode messages) {
        ToolWriter.Written tools = ToolWriter.write(request);
        if (tools.tools().isEmpty()) {
            tools = historyTools(messages);
        }
        if (!tools.tools().isEmpty()) {
            root.set("tools", tools.tools());
        }
        tools.choice().ifPresent(choice -> root.set("tool_choice", choice));
        return tools;
    }

    /**
     * Anthropic refuses a history with tool_use blocks when the request declares no tools (a summary or
     * compaction call replaying a tool loop). The tools the history used are declared as placeholders, and
     * {@code tool_choice: none} keeps the model from calling them.
     */
    private static ToolWriter.Written historyTools(ArrayNode messages) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode message : messages) {
            for (JsonNode block : message.path("content")) {
                if ("tool_use".equals(ConversationWriter.type(block))) {
                    names.add(block.path("name").asString());
                }
            }
        }
        ArrayNode tools = Json.arrayNode();
        for (String name : names) {
            ObjectNode tool = tools.addObject().put("name", name).put("description", "Not available in this request.");
            tool.putObject("input_schema").put("type", "object");
        }
        Optional<ObjectNode> none = names.isEmpty() ? Optional.empty() : Optional.of(Json.objectNode().put("type", "none"));
        return new ToolWriter.Written(tools, none, false);
    }

    /**
     * The thinking budget, or none when thinking must stay off: reasoning not asked for or disabled; a forced tool
     * choice or a prefilled answer (Anthropic refuses both with manual thinking); or a tool loop whose last
     * assistant turn does not start with an Anthropic-signed thinking block (H1: its history came from another
     * provider, and Anthropic refuses the turn without one).
     */
    private static OptionalInt thinkingBudget(ChatRequest request, ArrayNode messages, boolean forcedTool) {
        Optional<Reasoning> reasoning = request.reasoning().filter(r -> !r.disabled());
        if (reasoning.isEmpty() || forcedTool || !loopAllowsThinking(messages)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Math.max(MIN_BUDGET, reasoning.get().budget()));
    }

    private static boolean loopAllowsThinking(ArrayNode messages) {
        JsonNode last = messages.get(messages.size() - 1);
        if ("assistant".equals(last.path("role").asString())) {
            return false;
        }
        boolean inToolLoop = false;
        for (JsonNode block : last.path("content")) {
            inToolLoop |= "tool_result".equals(ConversationWriter.type(block));
        }
        if (!inToolLoop || messages.size() < 2) {
            return true;
        }
        JsonNode first = messages.get(messages.size() - 2).path("content").path(0);
        String type = ConversationWriter.type(first);
        return type.equals("thinking") || type.equals("redacted_thinking");
    }

    /** Anthropic's ranges and restrictions (H18). */
    private static void sampling(ObjectNode root, ChatRequest request, boolean thinking) {
        if (thinking) {
            // Manual thinking takes no temperature or top_k, and top_p only from 0.95 up.
            request.topP().ifPresent(p -> root.put("top_p", Math.min(1.0, Math.max(0.95, p))));
            return;
        }
        request.temperature().ifPresent(t -> root.put("temperature", Math.min(1.0, Math.max(0.0, t))));
        // Current Claude models refuse temperature and top_p together; temperature is the one clients mean.
        if (request.temperature().isEmpty()) {
            request.topP().ifPresent(p -> root.put("top_p", p));
        }
        request.topK().ifPresent(k -> root.put("top_k", k));
    }

    private static void outputFormat(ObjectNode root, ChatRequest request) {
        // Anthropic has no plain JSON mode: only a schema can be asked for.
        request.responseFormat().filter(ResponseFormat.JsonSchema.class::isInstance)
                .map(ResponseFormat.JsonSchema.class::cast)
                .ifPresent(schema -> root.putObject("output_config").putObject("format").put("type", "json_schema")
                        .set("schema", Json.parse(schema.schema(), "response_format.schema")));
    }
}
