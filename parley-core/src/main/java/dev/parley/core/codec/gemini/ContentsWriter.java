package dev.parley.core.codec.gemini;

import dev.parley.core.codec.Json;
import dev.parley.core.codec.ToolNames;
import dev.parley.core.model.Block;
import dev.parley.core.model.Message;
import dev.parley.core.protocol.Protocol;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The conversation as Gemini {@code contents}: roles user/model, starting with user, same-role turns merged,
 * and every model turn's calls answered in the next user turn, in call order and in equal number (H2).
 *
 * <p>Tool-call ids are not sent: whether an id came from Gemini (which would accept it back) or from another
 * protocol's client cannot be known, and Gemini matches responses to calls by order and name without them.
 */
final class ContentsWriter {

    static final String PLACEHOLDER = "(empty)";
    static final String INTERRUPTED = "The tool call was interrupted before it returned a result.";

    private record Content(String role, List<JsonNode> parts) {
        boolean answersCalls() {
            return parts.stream().anyMatch(p -> p.has("functionResponse"));
        }
    }

    private final List<Content> contents = new ArrayList<>();
    /** Calls of the latest model turn that no user turn has answered yet. */
    private List<Block.ToolCall> pending = List.of();

    private ContentsWriter() {
    }

    static ArrayNode write(List<Message> messages) {
        ContentsWriter writer = new ContentsWriter();
        for (Message message : messages) {
            switch (message.role()) {
                case ASSISTANT -> writer.model(message);
                case USER -> writer.user(message);
                case SYSTEM -> writer.systemReminder(message);
            }
        }
        List<Content> merged = merge(writer.contents);
        markActiveLoop(merged);
        ArrayNode out = Json.arrayNode();
        for (Content content : merged) {
            ObjectNode node = out.addObject();
            node.put("role", content.role());
            ArrayNode parts = node.putArray("parts");
            content.parts().forEach(parts::add);
        }
        return out;
    }

    private void model(Message message) {
        if (!pending.isEmpty()) {
            // A model turn cannot follow unanswered calls: answer them as interrupted.
            contents.add(new Content("user", answer(List.of())));
        }
        PartsWriter parts = PartsWriter.upstream();
        List<Block.ToolCall> calls = new ArrayList<>();
        for (Block block : message.blocks()) {
            switch (block) {
                case Block.Text t -> parts.text(t.text());
                case Block.Thinking t -> parts.thinking(t.text(), t.signature());
                case Block.RedactedThinking r -> parts.thinking("", Optional.of(r.data()));
                case Block.ToolCall c -> {
                    parts.functionCall(call(c), c.signature());
                    calls.add(c);
                }
                case Block.Image i -> parts.media(i.source());
                case Block.Document d -> parts.media(d.source());
                case Block.ToolResult r -> {
                    // Results belong to user turns; one in a model turn answers nothing.
                }
            }
        }
        contents.add(new Content("model", toList(parts.parts())));
        pending = List.copyOf(calls);
    }

    private static ObjectNode call(Block.ToolCall call) {
        ObjectNode node = Json.objectNode();
        node.put("name", ToolNames.forProtocol(call.name(), Protocol.GEMINI));
        node.set("args", Json.argumentsObject(call.arguments()));
        return node;
    }

    private void user(Message message) {
        List<Block.ToolResult> results = new ArrayList<>();
        PartsWriter parts = PartsWriter.upstream();
        for (Block block : message.blocks()) {
            switch (block) {
                case Block.ToolResult r -> results.add(r);
                case Block.Text t -> parts.text(t.text());
                case Block.Image i -> parts.media(i.source());
                case Block.Document d -> parts.media(d.source());
                case Block.Thinking t -> {
                    // Reasoning is the model's; a user turn has none to give back.
                }
                case Block.RedactedThinking r -> {
                    // Likewise.
                }
                case Block.ToolCall c -> {
                    // Calls are the model's.
                }
            }
        }
        List<JsonNode> all = new ArrayList<>(pending.isEmpty() ? List.of() : answer(results));
        all.addAll(toList(parts.parts()));
        contents.add(new Content("user", all));
    }

    /** Mid-conversation system text keeps its place as a user turn (H16). */
    private void systemReminder(Message message) {
        StringBuilder text = new StringBuilder();
        for (Block block : message.blocks()) {
            if (block instanceof Block.Text t && !t.text().isEmpty()) {
                text.append(text.isEmpty() ? "" : "\n\n").append(t.text());
            }
        }
        if (!text.isEmpty()) {
            ObjectNode part = Json.objectNode();
            part.put("text", "<system-reminder>\n" + text + "\n</system-reminder>");
            contents.add(new Content("user", List.of(part)));
        }
    }

    /**
     * One function response per pending call, in call order: the result with the call's id, else one with its
     * name, else "interrupted". Results that answer no pending call are dropped (H2).
     */
    private List<JsonNode> answer(List<Block.ToolResult> results) {
        List<JsonNode> responses = new ArrayList<>();
        // By identity: two results may be equal records yet answer different calls.
        Set<Block.ToolResult> used = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Block.ToolCall call : pending) {
            Optional<Block.ToolResult> result = results.stream()
                    .filter(r -> !used.contains(r) && r.callId().equals(call.id())).findFirst()
                    .or(() -> results.stream()
                            .filter(r -> !used.contains(r) && r.name().filter(call.name()::equals).isPresent())
                            .findFirst());
            result.ifPresent(used::add);
            responses.add(response(call, result));
        }
        pending = List.of();
        return responses;
    }

    private static ObjectNode response(Block.ToolCall call, Optional<Block.ToolResult> result) {
        ObjectNode part = Json.objectNode();
        ObjectNode response = part.putObject("functionResponse");
        response.put("name", ToolNames.forProtocol(call.name(), Protocol.GEMINI));
        ObjectNode body = response.putObject("response");
        if (result.isEmpty()) {
            body.put("error", INTERRUPTED);
            return part;
        }
        body.put(result.get().isError() ? "error" : "output", result.get().text());
        ArrayNode media = Json.arrayNode();
        for (Block block : result.get().content()) {
            switch (block) {
                case Block.Image i -> media.add(PartsWriter.mediaPart(i.source()));
                case Block.Document d -> media.add(PartsWriter.mediaPart(d.source()));
                case Block.Text t -> {
                    // The text is already in the response body.
                }
                case Block.Thinking t -> {
                    // A result holds text and media only.
                }
                case Block.RedactedThinking r -> {
                    // Likewise.
                }
                case Block.ToolCall c -> {
                    // Likewise.
                }
                case Block.ToolResult r -> {
                    // Likewise.
                }
            }
        }
        if (!media.isEmpty()) {
            response.set("parts", media);
        }
        return part;
    }

    /** Drops empty turns (H11), merges same-role neighbours, and makes the conversation start with the user. */
    private static List<Content> merge(List<Content> contents) {
        List<Content> merged = new ArrayList<>();
        for (Content content : contents) {
            if (content.parts().isEmpty()) {
                continue;
            }
            if (!merged.isEmpty() && merged.getLast().role().equals(content.role())) {
                merged.getLast().parts().addAll(content.parts());
            } else {
                merged.add(new Content(content.role(), new ArrayList<>(content.parts())));
            }
        }
        for (Content content : merged) {
            if (content.role().equals("user")) {
                // Responses must come first in the turn that answers the calls.
                content.parts().sort((a, b) -> Boolean.compare(!a.has("functionResponse"), !b.has("functionResponse")));
            }
        }
        if (merged.isEmpty() || !merged.getFirst().role().equals("user")) {
            ObjectNode placeholder = Json.objectNode();
            placeholder.put("text", PLACEHOLDER);
            merged.addFirst(new Content("user", new ArrayList<>(List.of(placeholder))));
        }
        return merged;
    }

    /**
     * Gemini 3 requires a signature on the first call of each model turn since the user last spoke; calls that
     * lost theirs (another provider made them, or the client dropped it) get the validator-skip token (H1).
     */
    private static void markActiveLoop(List<Content> contents) {
        int start = 0;
        for (int i = 0; i < contents.size(); i++) {
            if (contents.get(i).role().equals("user") && !contents.get(i).answersCalls()) {
                start = i;
            }
        }
        for (Content content : contents.subList(start, contents.size())) {
            if (!content.role().equals("model")) {
                continue;
            }
            content.parts().stream().filter(p -> p.has("functionCall")).findFirst().ifPresent(first -> {
                if (!first.has("thoughtSignature")) {
                    ((ObjectNode) first).put("thoughtSignature", ContentsReader.SKIP_SIGNATURE);
                }
            });
        }
    }

    private static List<JsonNode> toList(ArrayNode parts) {
        return new ArrayList<>(parts.values());
    }
}
