package dev.parley.core.codec.responses;

import dev.parley.core.codec.CodecException;
import dev.parley.core.model.Block;
import dev.parley.core.model.Message;
import dev.parley.core.model.Role;
import dev.parley.core.model.Tool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Walks a client's {@code input} items in order and builds the conversation: leading system and developer
 * messages become the system prompt; an assistant message and the reasoning and calls around it become one
 * assistant turn; tool outputs become tool results at the head of a user turn.
 */
final class InputReader {

    private final List<Block.Text> system = new ArrayList<>();
    private final List<Draft> drafts = new ArrayList<>();
    private final List<Tool> additionalTools = new ArrayList<>();
    /** call id to tool name, so results can name their tool (Gemini needs it). */
    private final Map<String, String> callNames = new HashMap<>();

    private record Draft(Role role, List<Block> blocks) {
    }

    record Result(List<Block.Text> system, List<Message> messages, List<Tool> additionalTools) {
    }

    static Result read(JsonNode root) {
        InputReader reader = new InputReader();
        JsonNode input = root.path("input");
        if (input.isString()) {
            reader.user(List.of(new Block.Text(input.stringValue())));
        } else if (input.isArray()) {
            int index = 0;
            for (JsonNode item : input.values()) {
                reader.item(item, Fields.at("input", index++));
            }
        } else if (Fields.present(input)) {
            throw new CodecException("input", "expected a string or an array of items");
        }
        List<Message> messages = reader.drafts.stream().map(d -> new Message(d.role(), d.blocks())).toList();
        return new Result(reader.system, messages, reader.additionalTools);
    }

    private void item(JsonNode item, String path) {
        Fields.object(item, path);
        String type = Fields.string(item, "type", path).orElse("message");
        switch (type) {
            case "message" -> message(item, path);
            case "function_call" -> call(item, path, Fields.requiredString(item, "arguments", path));
            case "custom_tool_call" -> call(item, path, ItemReader.customArguments(Fields.requiredString(item, "input", path)));
            case "local_shell_call" -> localShellCall(item, path);
            case "function_call_output", "custom_tool_call_output" -> output(item, path, callId(item, path));
            case "local_shell_call_output" -> output(item, path, localShellCallId(item, path));
            case "reasoning" -> reasoning(item, path);
            case "additional_tools" -> additionalTools.addAll(ToolReader.tools(item, "tools", path));
            case "item_reference", "compaction", "compaction_summary" -> throw new CodecException(Fields.at(path, "type"),
                    "'" + type + "' items refer to state stored by OpenAI; Parley is stateless: send the full history");
            // Hosted tools' calls and results (web_search_call...): only OpenAI could make sense of them.
            default -> { }
        }
    }

    private void message(JsonNode item, String path) {
        String role = Fields.requiredString(item, "role", path);
        JsonNode content = item.path("content");
        String at = Fields.at(path, "content");
        switch (role) {
            case "system", "developer" -> systemMessage(ContentReader.texts(content, at));
            case "user" -> user(ContentReader.user(content, at));
            case "assistant" -> ContentReader.assistant(content, at).forEach(this::assistant);
            default -> throw new CodecException(Fields.at(path, "role"), "expected user, assistant, system or developer");
        }
    }

    private void systemMessage(List<Block.Text> texts) {
        if (drafts.isEmpty()) {
            system.addAll(texts);
        } else if (!texts.isEmpty()) {
            drafts.add(new Draft(Role.SYSTEM, new ArrayList<>(texts)));
        }
    }

    private void user(List<Block> blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        Optional<Draft> last = last();
        if (last.isPresent() && last.get().role() == Role.USER && onlyResults(last.get())) {
            last.get().blocks().addAll(blocks);
        } else {
            drafts.add(new Draft(Role.USER, new ArrayList<>(blocks)));
        }
    }

    private void assistant(Block block) {
        Optional<Draft> last = last();
        if (last.isPresent() && last.get().role() == Role.ASSISTANT) {
            last.get().blocks().add(block);
        } else {
            drafts.add(new Draft(Role.ASSISTANT, new ArrayList<>(List.of(block))));
        }
    }

    private void result(Block.ToolResult result) {
        Optional<Draft> last = last();
        if (last.isPresent() && last.get().role() == Role.USER && onlyResults(last.get())) {
            last.get().blocks().add(result);
        } else {
            drafts.add(new Draft(Role.USER, new ArrayList<>(List.of(result))));
        }
    }

    private Optional<Draft> last() {
        return drafts.isEmpty() ? Optional.empty() : Optional.of(drafts.getLast());
    }

    private static boolean onlyResults(Draft draft) {
        return draft.blocks().stream().allMatch(Block.ToolResult.class::isInstance);
    }

    private void call(JsonNode item, String path, String arguments) {
        String id = callId(item, path);
        String name = Fields.requiredString(item, "name", path);
        String qualified = Fields.string(item, "namespace", path).map(ns -> Namespaces.flatten(ns, name)).orElse(name);
        callNames.put(id, qualified);
        assistant(new Block.ToolCall(id, qualified, arguments, Optional.empty()));
    }

    private void localShellCall(JsonNode item, String path) {
        String id = localShellCallId(item, path);
        JsonNode action = Fields.object(item.path("action"), Fields.at(path, "action"));
        callNames.put(id, LocalShell.NAME);
        assistant(new Block.ToolCall(id, LocalShell.NAME, LocalShell.arguments(action), Optional.empty()));
    }

    private static String callId(JsonNode item, String path) {
        return Fields.requiredString(item, "call_id", path);
    }

    /** Local shell items name their call by {@code call_id}, or by {@code id} in older clients. */
    private static String localShellCallId(JsonNode item, String path) {
        return Fields.string(item, "call_id", path).or(() -> Fields.string(item, "id", path))
                .orElseThrow(() -> new CodecException(Fields.at(path, "call_id"), "required"));
    }

    private void output(JsonNode item, String path, String callId) {
        List<Block> content = ContentReader.toolOutput(item.path("output"), Fields.at(path, "output"));
        result(new Block.ToolResult(callId, Optional.ofNullable(callNames.get(callId)), content, false));
    }

    private void reasoning(JsonNode item, String path) {
        String text = ItemReader.reasoningText(item);
        Optional<Carriers.Token> token = Carriers.read(Fields.string(item, "encrypted_content", path));
        if (token.isEmpty()) {
            if (!text.isEmpty()) {
                assistant(new Block.Thinking(text, Optional.empty()));
            }
            return;
        }
        switch (token.get()) {
            case Carriers.Redacted r -> assistant(new Block.RedactedThinking(r.signature()));
            case Carriers.CallSignature c -> signLastCall(c);
            case Carriers.Reasoning r -> assistant(new Block.Thinking(text, Optional.of(r.signature())));
        }
    }

    /** A call's signature travels in the reasoning item right after the call: put it back on the call. */
    private void signLastCall(Carriers.CallSignature token) {
        Optional<Draft> last = last();
        if (last.isPresent() && last.get().role() == Role.ASSISTANT
                && last.get().blocks().getLast() instanceof Block.ToolCall call && call.signature().isEmpty()) {
            List<Block> blocks = last.get().blocks();
            blocks.set(blocks.size() - 1, new Block.ToolCall(call.id(), call.name(), call.arguments(),
                    Optional.of(token.signature())));
        }
    }
}
