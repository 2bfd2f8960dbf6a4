package dev.parley.core.codec.anthropic;

import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.Message;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic caches a prompt only up to explicit breakpoints, at most four per request (H19). A client's own
 * breakpoints are kept (the last four when there are more); a request without any, from a client whose protocol
 * caches by itself, gets the usual three: the last tool, the end of the system prompt and the newest user turn.
 */
final class CacheBreakpoints {

    static final int LIMIT = 4;

    private CacheBreakpoints() {
    }

    static void place(ObjectNode root, ChatRequest request) {
        if (hinted(request)) {
            List<ObjectNode> marked = new ArrayList<>();
            for (ObjectNode block : blocks(root)) {
                if (block.has("cache_control")) {
                    marked.add(block);
                }
            }
            for (int i = 0; i < marked.size() - LIMIT; i++) {
                marked.get(i).remove("cache_control");
            }
            return;
        }
        last(root.path("tools"));
        last(root.path("system"));
        JsonNode messages = root.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).path("role").asString())) {
                last(messages.get(i).path("content"));
                return;
            }
        }
    }

    private static boolean hinted(ChatRequest request) {
        if (request.system().stream().anyMatch(Block.Text::cacheHint)) {
            return true;
        }
        for (Message message : request.messages()) {
            for (Block block : message.blocks()) {
                if (block instanceof Block.Text t && t.cacheHint()
                        || block instanceof Block.ToolResult r && r.content().stream()
                                .anyMatch(c -> c instanceof Block.Text x && x.cacheHint())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every block that may carry a breakpoint, in prompt order: tools, system, then messages. */
    private static List<ObjectNode> blocks(ObjectNode root) {
        List<ObjectNode> blocks = new ArrayList<>();
        root.path("tools").forEach(t -> blocks.add((ObjectNode) t));
        root.path("system").forEach(s -> blocks.add((ObjectNode) s));
        for (JsonNode message : root.path("messages")) {
            message.path("content").forEach(c -> blocks.add((ObjectNode) c));
        }
        return blocks;
    }

    private static void last(JsonNode array) {
        if (array.isArray() && !array.isEmpty()) {
            JsonNode block = array.get(array.size() - 1);
            String type = ConversationWriter.type(block);
            if (!type.equals("thinking") && !type.equals("redacted_thinking")) {
                ContentWriter.cached((ObjectNode) block);
            }
        }
    }
}
