package dev.parley.core.codec.responses;

import dev.parley.core.codec.Json;
import dev.parley.core.model.Block;
import dev.parley.core.model.Media;
import dev.parley.core.model.Message;
import dev.parley.core.model.Signature;
import dev.parley.core.protocol.Protocol;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The conversation as Responses {@code input} items: user and developer messages, assistant text as
 * {@code output_text} messages, calls as {@code function_call} (or {@code custom_tool_call}) items and results
 * as their outputs. Reasoning goes back only when OpenAI issued its token (H1).
 */
final class InputWriter {

    /** What a call that never got its result is answered with: OpenAI refuses a call without an output (H2). */
    static final String INTERRUPTED = "The tool call was interrupted and returned no result.";

    private final ToolWriter tools;
    private final ArrayNode items = Json.arrayNode();
    /** Calls written as custom tool calls, whose outputs must be custom outputs too. */
    private final Set<String> customCalls = new HashSet<>();
    private final Set<String> writtenCalls = new HashSet<>();
    private final Set<String> answeredCalls;

    private InputWriter(ToolWriter tools, Set<String> answeredCalls) {
        this.tools = tools;
        this.answeredCalls = answeredCalls;
    }

    static ArrayNode write(List<Message> messages, ToolWriter tools) {
        Set<String> answered = new HashSet<>();
        messages.forEach(m -> m.blocks().forEach(b -> {
            if (b instanceof Block.ToolResult r) {
                answered.add(r.callId());
            }
        }));
        InputWriter writer = new InputWriter(tools, answered);
        for (Message message : messages) {
            switch (message.role()) {
                case USER -> writer.user(message.blocks());
                case ASSISTANT -> writer.assistant(message.blocks());
                case SYSTEM -> writer.message("developer", message.blocks());
            }
        }
        return writer.items;
    }

    private void user(List<Block> blocks) {
        for (Block block : blocks) {
            // A result whose call is not in the history is refused by OpenAI: it goes (H2).
            if (block instanceof Block.ToolResult result && writtenCalls.contains(result.callId())) {
                items.add(output(result));
            }
        }
        message("user", blocks.stream().filter(b -> !(b instanceof Block.ToolResult)).toList());
    }

    private void message(String role, List<Block> blocks) {
        ArrayNode content = parts(blocks);
        if (content.isEmpty()) {
            return;
        }
        ObjectNode item = items.addObject();
        item.put("type", "message");
        item.put("role", role);
        item.set("content", content);
    }

    private static ArrayNode parts(List<Block> blocks) {
        ArrayNode content = Json.arrayNode();
        for (Block block : blocks) {
            part(block).ifPresent(content::add);
        }
        return content;
    }

    private static Optional<ObjectNode> part(Block block) {
        return switch (block) {
            case Block.Text t -> t.text().isEmpty() ? Optional.empty() : Optional.of(inputText(t.text()));
            case Block.Image i -> Optional.of(image(i.source()));
            case Block.Document d -> Optional.of(document(d));
            // Only user-side content goes into an input message.
            case Block.Thinking _, Block.RedactedThinking _, Block.ToolCall _, Block.ToolResult _ -> Optional.empty();
        };
    }

    private static ObjectNode inputText(String text) {
        ObjectNode part = Json.objectNode();
        part.put("type", "input_text");
        part.put("text", text);
        return part;
    }

    private static ObjectNode image(Media source) {
        ObjectNode part = Json.objectNode();
        part.put("type", "input_image");
        part.put("image_url", url(source));
        return part;
    }

    private static ObjectNode document(Block.Document document) {
        ObjectNode part = Json.objectNode();
        part.put("type", "input_file");
        switch (document.source()) {
            case Media.Base64 b -> {
                // OpenAI refuses inline file data without a file name.
                part.put("filename", document.title().orElse("document"));
                part.put("file_data", b.dataUrl());
            }
            case Media.Url u -> {
                document.title().ifPresent(title -> part.put("filename", title));
                part.put("file_url", u.url());
            }
        }
        return part;
    }

    private static String url(Media media) {
        return switch (media) {
            case Media.Base64 b -> b.dataUrl();
            case Media.Url u -> u.url();
        };
    }

    private ObjectNode output(Block.ToolResult result) {
        ObjectNode item = outputItem(result.callId());
        boolean textOnly = result.content().stream().allMatch(Block.Text.class::isInstance);
        if (textOnly) {
            item.put("output", result.text());
        } else {
            item.set("output", parts(result.content()));
        }
        return item;
    }

    private ObjectNode outputItem(String callId) {
        ObjectNode item = Json.objectNode();
        item.put("type", customCalls.contains(callId) ? "custom_tool_call_output" : "function_call_output");
        item.put("call_id", callId);
        return item;
    }

    private void assistant(List<Block> blocks) {
        ArrayNode text = Json.arrayNode();
        for (Block block : blocks) {
            switch (block) {
                case Block.Text t -> {
                    if (!t.text().isEmpty()) {
                        text.add(outputText(t.text()));
                    }
                }
                case Block.Thinking t -> {
                    flushText(text);
                    t.signature().filter(InputWriter::ours).ifPresent(s -> items.add(reasoning(t.text(), s)));
                }
                case Block.RedactedThinking r -> {
                    flushText(text);
                    if (ours(r.data())) {
                        items.add(reasoning("", r.data()));
                    }
                }
                case Block.ToolCall c -> {
                    flushText(text);
                    items.add(call(c));
                }
                // Not assistant content: nothing to say for it.
                case Block.Image _, Block.Document _, Block.ToolResult _ -> { }
            }
        }
        flushText(text);
        for (Block block : blocks) {
            if (block instanceof Block.ToolCall call && !answeredCalls.contains(call.id())) {
                items.add(outputItem(call.id()).put("output", INTERRUPTED));
            }
        }
    }

    private static boolean ours(Signature signature) {
        return signature.validFor(Protocol.OPENAI_RESPONSES);
    }

    private static ObjectNode outputText(String text) {
        ObjectNode part = Json.objectNode();
        part.put("type", "output_text");
        part.put("text", text);
        part.putArray("annotations");
        return part;
    }

    private void flushText(ArrayNode text) {
        if (text.isEmpty()) {
            return;
        }
        ObjectNode item = items.addObject();
        item.put("type", "message");
        item.put("role", "assistant");
        item.set("content", text.deepCopy());
        text.removeAll();
    }

    private static ObjectNode reasoning(String text, Signature signature) {
        ObjectNode item = Json.objectNode();
        item.put("type", "reasoning");
        ArrayNode summary = item.putArray("summary");
        if (!text.isEmpty()) {
            ObjectNode part = summary.addObject();
            part.put("type", "summary_text");
            part.put("text", text);
        }
        item.put("encrypted_content", signature.value());
        return item;
    }

    private ObjectNode call(Block.ToolCall call) {
        writtenCalls.add(call.id());
        ObjectNode item = Json.objectNode();
        if (tools.isCustom(call.name())) {
            customCalls.add(call.id());
            item.put("type", "custom_tool_call");
            item.put("call_id", call.id());
            item.put("name", ToolWriter.name(call.name()));
            item.put("input", customInput(call.arguments()));
        } else {
            item.put("type", "function_call");
            item.put("call_id", call.id());
            item.put("name", ToolWriter.name(call.name()));
            item.put("arguments", call.arguments());
        }
        return item;
    }

    /** The raw input of a freeform call: the {@code input} member of its arguments, or the text as it is. */
    static String customInput(String arguments) {
        JsonNode input = Json.argumentsObject(arguments).path("input");
        return input.isString() ? input.stringValue() : arguments;
    }
}
