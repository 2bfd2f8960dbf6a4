package dev.parley.core.codec.chat;

import dev.parley.core.codec.Json;
import dev.parley.core.codec.ToolIds;
import dev.parley.core.codec.ToolNames;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.Media;
import dev.parley.core.model.Message;
import dev.parley.core.protocol.Protocol;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The conversation as Chat {@code messages} for an upstream: the system prompt as a leading system message,
 * tool results as one {@code tool} message each (text only, their images and files moved to a user message
 * right after, H3), thinking dropped (Chat takes none back), ids and names made valid (H5, H6), and every call
 * answered exactly once (H2: orphan results dropped, a placeholder for a call left unanswered).
 */
final class MessageWriter {

    static final String INTERRUPTED = "tool call was interrupted";
    private static final String BILLING_HEADER = "x-anthropic-billing-header:";

    private final ArrayNode out = Json.arrayNode();
    /** Upstream ids of the last assistant turn's calls still waiting for a result. */
    private final SequencedSet<String> pending = new LinkedHashSet<>();
    private final List<String> deferred = new ArrayList<>();

    private MessageWriter() {
    }

    static ArrayNode write(ChatRequest request) {
        MessageWriter writer = new MessageWriter();
        String system = systemText(request.system());
        if (!system.isEmpty()) {
            writer.out.addObject().put("role", "system").put("content", system);
        }
        for (Message message : request.messages()) {
            switch (message.role()) {
                case USER -> writer.user(message.blocks());
                case ASSISTANT -> writer.assistant(message.blocks());
                case SYSTEM -> writer.system(message.blocks());
            }
        }
        writer.flushDeferred();
        return writer.out;
    }

    private void system(List<Block> blocks) {
        deferred.add(joinedText(blocks));
        if (pending.isEmpty()) {
            flushDeferred();
        }
    }

    /**
     * A system message that came between calls and their results waits until the results are written: Chat
     * wants the tool messages right after the assistant message that made the calls.
     */
    private void flushDeferred() {
        deferred.forEach(text -> out.addObject().put("role", "system").put("content", text));
        deferred.clear();
    }

    private void assistant(List<Block> blocks) {
        answerPending();
        flushDeferred();
        String text = joinedText(blocks);
        ArrayNode calls = Json.arrayNode();
        for (Block block : blocks) {
            if (block instanceof Block.ToolCall call) {
                String id = ToolIds.safe(call.id());
                ObjectNode written = ToolCalls.function(id, ToolNames.forProtocol(call.name(), Protocol.OPENAI_CHAT),
                        call.arguments().isBlank() ? "{}" : call.arguments());
                call.signature().filter(s -> s.validFor(Protocol.OPENAI_CHAT))
                        .ifPresent(s -> ToolCalls.writeSignature(written, s.value()));
                calls.add(written);
                pending.add(id);
            }
        }
        if (text.isEmpty() && calls.isEmpty()) {
            return; // H11: only thinking, or nothing at all; Chat rejects an empty assistant message.
        }
        ObjectNode message = out.addObject().put("role", "assistant");
        if (text.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text);
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
    }

    private void user(List<Block> blocks) {
        List<Block.ToolResult> answered = new ArrayList<>();
        for (Block block : blocks) {
            if (block instanceof Block.ToolResult result && pending.remove(ToolIds.safe(result.callId()))) {
                answered.add(result);
                out.addObject().put("role", "tool").put("tool_call_id", ToolIds.safe(result.callId()))
                        .put("content", result.text());
            }
        }
        answerPending();
        ArrayNode media = Json.arrayNode();
        for (Block.ToolResult result : answered) {
            List<Block> files = result.content().stream().filter(b -> !(b instanceof Block.Text)).toList();
            if (!files.isEmpty()) {
                media.addObject().put("type", "text").put("text", ToolResultGroup.marker(ToolIds.safe(result.callId())));
                files.forEach(b -> media.add(part(b)));
            }
        }
        if (!media.isEmpty()) {
            out.addObject().put("role", "user").set("content", media);
        }
        flushDeferred();
        List<Block> rest = blocks.stream()
                .filter(b -> b instanceof Block.Text || b instanceof Block.Image || b instanceof Block.Document).toList();
        if (rest.size() == 1 && rest.getFirst() instanceof Block.Text text) {
            out.addObject().put("role", "user").put("content", text.text());
        } else if (!rest.isEmpty()) {
            ArrayNode parts = Json.arrayNode();
            rest.forEach(b -> parts.add(part(b)));
            out.addObject().put("role", "user").set("content", parts);
        }
    }

    /** H2: a call the next turn did not answer still needs a tool message, or Chat refuses the history. */
    private void answerPending() {
        for (String id : pending) {
            out.addObject().put("role", "tool").put("tool_call_id", id).put("content", INTERRUPTED);
        }
        pending.clear();
    }

    /**
     * The system prompt without Claude Code's attribution line (H19): its value changes on every request, so
     * it would defeat the upstream's prefix cache, and it means nothing to another provider's model.
     */
    private static String systemText(List<Block.Text> system) {
        StringBuilder text = new StringBuilder();
        for (Block.Text block : system) {
            if (block.text().startsWith(BILLING_HEADER)) {
                continue;
            }
            if (!text.isEmpty()) {
                text.append("\n\n");
            }
            text.append(block.text());
        }
        return text.toString();
    }

    private static String joinedText(List<Block> blocks) {
        StringBuilder text = new StringBuilder();
        for (Block block : blocks) {
            if (block instanceof Block.Text t) {
                text.append(t.text());
            }
        }
        return text.toString();
    }

    /** A text, image or document block as a user content part. */
    private static ObjectNode part(Block block) {
        ObjectNode part = Json.objectNode();
        switch (block) {
            case Block.Text t -> part.put("type", "text").put("text", t.text());
            case Block.Image i -> part.put("type", "image_url").putObject("image_url").put("url", url(i.source()));
            case Block.Document d -> document(part, d);
            // Callers filter these out: they are never part of a user message's content.
            case Block.Thinking _, Block.RedactedThinking _, Block.ToolCall _, Block.ToolResult _ ->
                    throw new IllegalArgumentException("not a content part: " + block.getClass().getSimpleName());
        }
        return part;
    }

    private static void document(ObjectNode part, Block.Document document) {
        switch (document.source()) {
            case Media.Base64 b -> {
                ObjectNode file = part.put("type", "file").putObject("file");
                file.put("file_data", b.dataUrl());
                file.put("filename", document.title().orElse(defaultName(b.mediaType())));
            }
            // Chat files take inline data only: the model is told where the document is instead.
            case Media.Url u -> part.put("type", "text")
                    .put("text", "Document" + document.title().map(t -> " " + t).orElse("") + ": " + u.url());
        }
    }

    /** OpenAI requires a file name with inline file data. */
    private static String defaultName(String mediaType) {
        return switch (mediaType) {
            case "application/pdf" -> "document.pdf";
            case "text/plain" -> "document.txt";
            default -> "document";
        };
    }

    private static String url(Media media) {
        return switch (media) {
            case Media.Base64 b -> b.dataUrl();
            case Media.Url u -> u.url();
        };
    }
}
