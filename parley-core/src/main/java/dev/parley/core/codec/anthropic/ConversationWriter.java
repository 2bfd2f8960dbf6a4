package dev.parley.core.codec.anthropic;

import dev.parley.core.codec.Json;
import dev.parley.core.model.Block;
import dev.parley.core.model.Message;
import dev.parley.core.model.Role;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The internal conversation as Anthropic {@code messages}: strictly alternating user and assistant turns that
 * start with a user turn (§7.2), no empty turn or block (H11), every tool_use answered by a tool_result in the
 * next user turn and no result without its call (H2), mid-conversation system messages kept in place as
 * {@code <system-reminder>} user text (H16).
 */
final class ConversationWriter {

    static final String PLACEHOLDER = "(empty)";
    static final String INTERRUPTED = "The tool call was interrupted and has no result.";

    private ConversationWriter() {
    }

    /** One turn under construction. */
    private record Turn(boolean user, List<ObjectNode> blocks) {
    }

    static ArrayNode write(List<Message> messages) {
        List<Turn> turns = merge(convert(messages));
        pairResults(turns);
        if (turns.isEmpty() || !turns.getFirst().user()) {
            turns.addFirst(new Turn(true, new ArrayList<>(List.of(placeholder()))));
        }
        trimPrefill(turns);
        ArrayNode out = Json.arrayNode();
        for (Turn turn : turns) {
            ObjectNode message = out.addObject().put("role", turn.user() ? "user" : "assistant");
            ArrayNode content = message.putArray("content");
            turn.blocks().forEach(content::add);
        }
        return out;
    }

    private static List<Turn> convert(List<Message> messages) {
        List<Turn> turns = new ArrayList<>(messages.size());
        for (Message message : messages) {
            List<ObjectNode> blocks = new ArrayList<>();
            switch (message.role()) {
                case USER -> message.blocks().forEach(b -> ContentWriter.user(b).ifPresent(blocks::add));
                case ASSISTANT -> message.blocks().forEach(b -> ContentWriter.assistant(b).ifPresent(blocks::add));
                case SYSTEM -> reminder(message).ifPresent(blocks::add);
            }
            if (!blocks.isEmpty()) {
                turns.add(new Turn(message.role() != Role.ASSISTANT, blocks));
            }
        }
        return turns;
    }

    /** A system message between turns, kept where it was as user text the model recognizes (H16). */
    private static Optional<ObjectNode> reminder(Message message) {
        StringBuilder text = new StringBuilder();
        for (Block block : message.blocks()) {
            if (block instanceof Block.Text t && !t.text().isBlank()) {
                text.append(text.isEmpty() ? "" : "\n\n").append(t.text());
            }
        }
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Json.objectNode().put("type", "text")
                .put("text", "<system-reminder>\n" + text + "\n</system-reminder>"));
    }

    /** Adjacent turns of one role become one; in a merged user turn the tool results go first (H2). */
    private static List<Turn> merge(List<Turn> turns) {
        List<Turn> merged = new ArrayList<>(turns.size());
        for (Turn turn : turns) {
            if (!merged.isEmpty() && merged.getLast().user() == turn.user()) {
                merged.getLast().blocks().addAll(turn.blocks());
            } else {
                merged.add(new Turn(turn.user(), new ArrayList<>(turn.blocks())));
            }
        }
        for (Turn turn : merged) {
            if (turn.user()) {
                List<ObjectNode> results = turn.blocks().stream().filter(ConversationWriter::isResult).toList();
                List<ObjectNode> rest = turn.blocks().stream().filter(b -> !isResult(b)).toList();
                turn.blocks().clear();
                turn.blocks().addAll(results);
                turn.blocks().addAll(rest);
            }
        }
        return merged;
    }

    /**
     * Anthropic refuses a tool_use without a tool_result right after it, and a tool_result whose call is not in the
     * turn before: dangling calls get a placeholder result, orphan results are dropped.
     */
    private static void pairResults(List<Turn> turns) {
        for (int i = 0; i < turns.size(); i++) {
            Turn turn = turns.get(i);
            if (!turn.user()) {
                continue;
            }
            Set<String> calls = i > 0 ? callIds(turns.get(i - 1)) : Set.of();
            turn.blocks().removeIf(b -> isResult(b) && !calls.contains(b.get("tool_use_id").stringValue()));
            Set<String> answered = new LinkedHashSet<>();
            turn.blocks().stream().filter(ConversationWriter::isResult)
                    .forEach(b -> answered.add(b.get("tool_use_id").stringValue()));
            List<ObjectNode> missing = new ArrayList<>();
            for (String id : calls) {
                if (!answered.contains(id)) {
                    missing.add(Json.objectNode().put("type", "tool_result").put("tool_use_id", id)
                            .put("content", INTERRUPTED).put("is_error", true));
                }
            }
            turn.blocks().addAll(0, missing);
            if (turn.blocks().isEmpty()) {
                turn.blocks().add(placeholder());
            }
        }
        // A history that ends on calls nobody answered yet still needs its results before the model continues.
        if (!turns.isEmpty() && !turns.getLast().user() && !callIds(turns.getLast()).isEmpty()) {
            turns.add(new Turn(true, new ArrayList<>()));
            pairResults(turns.subList(turns.size() - 2, turns.size()));
        }
    }

    private static Set<String> callIds(Turn turn) {
        Set<String> ids = new LinkedHashSet<>();
        if (!turn.user()) {
            for (ObjectNode block : turn.blocks()) {
                if ("tool_use".equals(type(block))) {
                    ids.add(block.get("id").stringValue());
                }
            }
        }
        return ids;
    }

    /** A final assistant turn is a prefill: Anthropic refuses one that ends in whitespace (H11). */
    private static void trimPrefill(List<Turn> turns) {
        Turn last = turns.getLast();
        if (last.user()) {
            return;
        }
        ObjectNode block = last.blocks().getLast();
        if ("text".equals(type(block))) {
            String text = block.get("text").stringValue().stripTrailing();
            if (text.isEmpty()) {
                last.blocks().removeLast();
            } else {
                block.put("text", text);
            }
        }
        if (last.blocks().isEmpty()) {
            turns.removeLast();
        }
    }

    private static boolean isResult(ObjectNode block) {
        return "tool_result".equals(type(block));
    }

    static String type(JsonNode block) {
        JsonNode type = block.get("type");
        return type == null ? "" : type.asString();
    }

    private static ObjectNode placeholder() {
        return Json.objectNode().put("type", "text").put("text", PLACEHOLDER);
    }
}
