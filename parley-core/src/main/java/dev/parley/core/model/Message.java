package dev.parley.core.model;

import java.util.List;
import java.util.Objects;

/**
 * One turn of the conversation. A {@link Role#USER} message lists its {@link Block.ToolResult} blocks first,
 * in the order of the calls they answer, then any other content.
 */
public record Message(Role role, List<Block> blocks) {

    public Message {
        Objects.requireNonNull(role, "role");
        blocks = List.copyOf(blocks);
    }

    public static Message user(String text) {
        return new Message(Role.USER, List.of(new Block.Text(text)));
    }

    public static Message assistant(String text) {
        return new Message(Role.ASSISTANT, List.of(new Block.Text(text)));
    }
}
