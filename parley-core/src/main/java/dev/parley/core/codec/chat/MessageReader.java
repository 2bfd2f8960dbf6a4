package dev.parley.core.codec.chat;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.ToolIds;
import dev.parley.core.model.Block;
import dev.parley.core.model.Message;
import dev.parley.core.model.Role;
import dev.parley.core.model.Signature;
import dev.parley.core.protocol.Protocol;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A client's {@code messages} → the system prompt and the conversation. Leading system and developer messages
 * become the system prompt; later ones keep their place as {@link Role#SYSTEM} messages. Consecutive {@code tool}
 * messages become one user message of tool results, which also takes the user message that follows them (and
 * folds back the images Parley itself moved out of tool results, H3).
 */
final class MessageReader {

    record Conversation(List<Block.Text> system, List<Message> messages) {
    }

    private final List<Block.Text> system = new ArrayList<>();
    private final List<Message> messages = new ArrayList<>();
    /** Call id → tool name, from the assistant turns so far: Chat tool messages carry only the id. */
    private final Map<String, String> callNames = new HashMap<>();
    private final ToolResultGroup group = new ToolResultGroup(messages);
    private Optional<String> legacyCall = Optional.empty();
    private boolean conversationStarted;

    private MessageReader() {
    }

    static Conversation read(List<JsonNode> items) {
        MessageReader reader = new MessageReader();
        for (int i = 0; i < items.size(); i++) {
            reader.message(items.get(i), Read.path("messages", i), i);
        }
        reader.group.flush();
        return new Conversation(reader.system, reader.messages);
    }

    private void message(JsonNode message, String where, int position) {
        if (!message.isObject()) {
            throw new CodecException(where, "expected an object");
        }
        String role = Read.string(message, "role", where);
        switch (role) {
            case "system", "developer" -> system(Parts.texts(message.path("content"), Read.path(where, "content")));
            case "user" -> user(Parts.user(message.path("content"), Read.path(where, "content")));
            case "assistant" -> add(assistant(message, where, position));
            case "tool" -> group.add(toolResult(message, where));
            case "function" -> group.add(legacyResult(message, where, position));
            default -> throw new CodecException(Read.path(where, "role"), "unknown role '" + role + "'");
        }
        if (!role.equals("system") && !role.equals("developer")) {
            conversationStarted = true;
        }
    }

    private void system(List<Block.Text> texts) {
        if (conversationStarted) {
            add(new Message(Role.SYSTEM, List.copyOf(texts)));
        } else {
            system.addAll(texts);
        }
    }

    private void user(List<Block> blocks) {
        if (group.isOpen()) {
            group.join(blocks);
            return;
        }
        messages.add(new Message(Role.USER, blocks));
    }

    private void add(Message message) {
        group.flush();
        messages.add(message);
    }

    private Message assistant(JsonNode message, String where, int position) {
        List<Block> blocks = new ArrayList<>();
        // Non-standard reasoning text (DeepSeek, vLLM: reasoning_content; OpenRouter: reasoning) comes first.
        Read.text(message.path("reasoning_content")).or(() -> Read.text(message.path("reasoning")))
                .filter(t -> !t.isEmpty())
                .ifPresent(t -> blocks.add(new Block.Thinking(t, Optional.empty())));
        blocks.addAll(Parts.assistant(message.path("content"), Read.path(where, "content")));
        Read.optString(message, "refusal", where).filter(r -> !r.isEmpty()).ifPresent(r -> blocks.add(new Block.Text(r)));
        List<JsonNode> calls = Read.array(message, "tool_calls", where);
        for (int i = 0; i < calls.size(); i++) {
            Block.ToolCall call = ToolCalls.read(calls.get(i), Read.path(Read.path(where, "tool_calls"), i),
                    value -> Signature.received(Protocol.OPENAI_CHAT, value), Optional.empty());
            callNames.put(call.id(), call.name());
            blocks.add(call);
        }
        Read.optObject(message, "function_call", where).ifPresent(legacy -> {
            // Legacy calls have no id: make one from the position so the function message can refer to it.
            String id = ToolIds.synthesize("legacy-function-call", position);
            String name = Read.string(legacy, "name", Read.path(where, "function_call"));
            callNames.put(id, name);
            legacyCall = Optional.of(id);
            blocks.add(new Block.ToolCall(id, name, Read.optString(legacy, "arguments",
                    Read.path(where, "function_call")).orElse("{}"), Optional.empty()));
        });
        return new Message(Role.ASSISTANT, blocks);
    }

    private Block.ToolResult toolResult(JsonNode message, String where) {
        String id = Read.string(message, "tool_call_id", where);
        return new Block.ToolResult(id, Optional.ofNullable(callNames.get(id)),
                Parts.toolContent(message.path("content"), Read.path(where, "content")), false);
    }

    private Block.ToolResult legacyResult(JsonNode message, String where, int position) {
        String name = Read.string(message, "name", where);
        String id = legacyCall.filter(c -> name.equals(callNames.get(c)))
                .orElseGet(() -> ToolIds.synthesize("legacy-function-call", position));
        legacyCall = Optional.empty();
        return new Block.ToolResult(id, Optional.of(name),
                Parts.toolContent(message.path("content"), Read.path(where, "content")), false);
    }
}
