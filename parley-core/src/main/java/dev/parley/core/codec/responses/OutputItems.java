package dev.parley.core.codec.responses;

import dev.parley.core.codec.Json;
import dev.parley.core.model.Block;
import dev.parley.core.model.Signature;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The output items of an answer to a Responses client, complete and valid as Codex stores them in its history:
 * reasoning, assistant messages, and each call in the item type the client's tool declared.
 */
final class OutputItems {

    private final String responseId;
    private final ClientTools tools;

    OutputItems(String responseId, ClientTools tools) {
        this.responseId = responseId;
        this.tools = tools;
    }

    String id(String prefix, int outputIndex) {
        return Ids.item(prefix, responseId, outputIndex);
    }

    ObjectNode reasoning(int index, String text, Optional<Signature> signature) {
        ObjectNode item = reasoningShell(index);
        if (!text.isEmpty()) {
            ((ArrayNode) item.get("summary")).add(summaryText(text));
        }
        signature.ifPresent(s -> item.put("encrypted_content", Carriers.reasoning(s)));
        return item;
    }

    ObjectNode reasoningShell(int index) {
        ObjectNode item = Json.objectNode();
        item.put("id", id("rs", index));
        item.put("type", "reasoning");
        item.putArray("summary");
        return item;
    }

    ObjectNode redacted(int index, Signature data) {
        ObjectNode item = reasoningShell(index);
        item.put("encrypted_content", Carriers.redacted(data));
        return item;
    }

    /** The item that carries a call's signature: it follows the call. */
    ObjectNode callSignature(int index, Signature signature) {
        ObjectNode item = reasoningShell(index);
        item.put("encrypted_content", Carriers.callSignature(signature));
        return item;
    }

    static ObjectNode summaryText(String text) {
        ObjectNode part = Json.objectNode();
        part.put("type", "summary_text");
        part.put("text", text);
        return part;
    }

    ObjectNode message(int index, String text, boolean completed) {
        ObjectNode item = Json.objectNode();
        item.put("id", id("msg", index));
        item.put("type", "message");
        item.put("role", "assistant");
        item.put("status", completed ? Status.COMPLETED : "in_progress");
        ArrayNode content = item.putArray("content");
        if (completed) {
            content.add(outputText(text));
        }
        return item;
    }

    static ObjectNode outputText(String text) {
        ObjectNode part = Json.objectNode();
        part.put("type", "output_text");
        part.put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }

    /** A call in its finished form; a local shell call whose arguments hold no command is a plain function call. */
    ObjectNode call(int index, Block.ToolCall call) {
        return switch (tools.kind(call.name())) {
            case CUSTOM -> custom(index, call, customInput(call.arguments()), true);
            case LOCAL_SHELL -> LocalShell.action(call.arguments())
                    .map(action -> localShell(index, call, action, true))
                    .orElseGet(() -> function(index, call, arguments(call.arguments()), true));
            case FUNCTION -> function(index, call, arguments(call.arguments()), true);
        };
    }

    ObjectNode function(int index, Block.ToolCall call, String arguments, boolean completed) {
        ObjectNode item = callItem("fc", "function_call", index, completed);
        named(item, call);
        item.put("arguments", arguments);
        return item;
    }

    ObjectNode custom(int index, Block.ToolCall call, String input, boolean completed) {
        ObjectNode item = callItem("ctc", "custom_tool_call", index, completed);
        named(item, call);
        item.put("input", input);
        return item;
    }

    /** The fields every kind of call item starts with, in the order OpenAI writes them. */
    private ObjectNode callItem(String idPrefix, String type, int index, boolean completed) {
        ObjectNode item = Json.objectNode();
        item.put("id", id(idPrefix, index));
        item.put("type", type);
        item.put("status", completed ? Status.COMPLETED : "in_progress");
        return item;
    }

    ObjectNode localShell(int index, Block.ToolCall call, ObjectNode action, boolean completed) {
        ObjectNode item = callItem("lsh", "local_shell_call", index, completed);
        item.put("call_id", call.id());
        item.set("action", action);
        return item;
    }

    /** The call id and the name as the client declared it, with its namespace if it had one. */
    private void named(ObjectNode item, Block.ToolCall call) {
        Namespaces.Qualified name = tools.qualified(call.name());
        item.put("call_id", call.id());
        item.put("name", name.name());
        name.namespace().ifPresent(ns -> item.put("namespace", ns));
    }

    /** Clients parse the arguments as JSON: no arguments is an empty object. */
    static String arguments(String arguments) {
        return arguments.isBlank() ? "{}" : arguments;
    }

    static String customInput(String arguments) {
        return InputWriter.customInput(arguments);
    }
}
