package dev.parley.core.codec.chat;

import dev.parley.core.model.Block;
import dev.parley.core.model.Message;
import dev.parley.core.model.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tool messages that answer one assistant turn, gathered into the single user message the internal model
 * wants: the results first, then the user message that follows them. A user message that starts with Parley's
 * own H3 marker ("Images returned by tool call X:") is folded back into the results it came from.
 */
final class ToolResultGroup {

    static final String MARKER_PREFIX = "Images returned by tool call ";
    private static final Pattern MARKER = Pattern.compile("Images returned by tool call (\\S+):");

    private enum State { NONE, RESULTS, FOLDED }

    private final List<Message> out;
    private final List<Block.ToolResult> results = new ArrayList<>();
    private State state = State.NONE;

    ToolResultGroup(List<Message> out) {
        this.out = out;
    }

    static String marker(String callId) {
        return MARKER_PREFIX + callId + ":";
    }

    boolean isOpen() {
        return state != State.NONE;
    }

    void add(Block.ToolResult result) {
        if (state == State.FOLDED) {
            flush(List.of());
        }
        results.add(result);
        state = State.RESULTS;
    }

    /** A user message after the results: folded back if it is Parley's H3 message, else it closes the group. */
    void join(List<Block> blocks) {
        if (state == State.RESULTS) {
            Optional<List<Block>> rest = fold(blocks);
            if (rest.isPresent()) {
                state = State.FOLDED;
                if (!rest.get().isEmpty()) {
                    flush(rest.get());
                }
                return;
            }
        }
        flush(blocks);
    }

    void flush() {
        flush(List.of());
    }

    private void flush(List<Block> tail) {
        if (state == State.NONE) {
            return;
        }
        List<Block> blocks = new ArrayList<>(results);
        blocks.addAll(tail);
        out.add(new Message(Role.USER, blocks));
        results.clear();
        state = State.NONE;
    }

    /** The blocks left after folding the marked media into their results; empty if this is no H3 message. */
    private Optional<List<Block>> fold(List<Block> blocks) {
        int target = -1;
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            int marked = block instanceof Block.Text text ? markedResult(text.text()) : -1;
            if (marked >= 0) {
                target = marked;
            } else if (target >= 0 && (block instanceof Block.Image || block instanceof Block.Document)) {
                Block.ToolResult result = results.get(target);
                List<Block> content = new ArrayList<>(result.content());
                content.add(block);
                results.set(target, new Block.ToolResult(result.callId(), result.name(), content, result.isError()));
            } else if (target < 0) {
                return Optional.empty();
            } else {
                return Optional.of(List.copyOf(blocks.subList(i, blocks.size())));
            }
        }
        return target < 0 ? Optional.empty() : Optional.of(List.of());
    }

    private int markedResult(String text) {
        Matcher m = MARKER.matcher(text);
        if (!m.matches()) {
            return -1;
        }
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).callId().equals(m.group(1))) {
                return i;
            }
        }
        return -1;
    }
}
