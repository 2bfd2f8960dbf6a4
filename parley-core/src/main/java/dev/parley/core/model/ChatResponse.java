package dev.parley.core.model;

import dev.parley.core.usage.TokenUsage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A finished model answer. {@code content} holds {@link Block.Text}, {@link Block.Thinking},
 * {@link Block.RedactedThinking} and {@link Block.ToolCall} blocks in the order the model produced them;
 * {@code stopSequence} is the matched stop string where the provider says which.
 */
public record ChatResponse(String id, String model, List<Block> content, FinishReason finish,
                           Optional<String> stopSequence, TokenUsage usage) {

    public ChatResponse {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        content = List.copyOf(content);
        Objects.requireNonNull(finish, "finish");
        Objects.requireNonNull(stopSequence, "stopSequence");
        Objects.requireNonNull(usage, "usage");
    }

    public List<Block.ToolCall> toolCalls() {
        return content.stream().filter(Block.ToolCall.class::isInstance).map(Block.ToolCall.class::cast).toList();
    }

    /** The visible text, all text blocks joined. */
    public String text() {
        StringBuilder text = new StringBuilder();
        for (Block block : content) {
            if (block instanceof Block.Text t) {
                text.append(t.text());
            }
        }
        return text.toString();
    }
}
