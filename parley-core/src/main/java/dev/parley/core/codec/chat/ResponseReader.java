package dev.parley.core.codec.chat;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Json;
import dev.parley.core.codec.ToolIds;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.Signature;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.usage.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** An upstream's {@code chat.completion} body → {@link ChatResponse}. */
final class ResponseReader {

    private ResponseReader() {
    }

    static ChatResponse read(byte[] body) {
        JsonNode root = Json.object(body);
        if (root.path("error").isObject()) {
            throw new CodecException("The upstream answered with an error: "
                    + root.path("error").path("message").asString("(no message)"));
        }
        String id = root.path("id").asString("");
        String model = root.path("model").asString("");
        JsonNode choice = root.path("choices").path(0);
        JsonNode message = choice.path("message");
        List<Block> content = new ArrayList<>();
        reasoning(message).ifPresent(t -> content.add(new Block.Thinking(t, Optional.empty())));
        text(message.path("content")).ifPresent(t -> content.add(new Block.Text(t)));
        Optional<String> refusal = Read.text(message.path("refusal")).filter(r -> !r.isEmpty());
        refusal.ifPresent(r -> content.add(new Block.Text(r)));
        JsonNode calls = message.path("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
            content.add(ToolCalls.read(calls.get(i), "choices[0].message.tool_calls[" + i + "]",
                    value -> new Signature(Protocol.OPENAI_CHAT, value), Optional.of(ToolIds.synthesize(id, i))));
        }
        if (message.path("function_call").isObject()) {
            JsonNode legacy = message.path("function_call");
            content.add(new Block.ToolCall(ToolIds.synthesize(id, calls.size()), legacy.path("name").asString(""),
                    ToolCalls.arguments(legacy.path("arguments")), Optional.empty()));
        }
        boolean hasCalls = content.stream().anyMatch(Block.ToolCall.class::isInstance);
        FinishReason finish = Vocabulary.derive(Vocabulary.finish(choice.path("finish_reason").asString("stop")), hasCalls);
        if (refusal.isPresent() && finish == FinishReason.END_TURN) {
            finish = FinishReason.REFUSAL;
        }
        TokenUsage usage = Vocabulary.usage(root.path("usage")).orElse(TokenUsage.NONE);
        return new ChatResponse(id, model, content, finish, Optional.empty(), usage);
    }

    /** Non-standard reasoning text: {@code reasoning_content} (DeepSeek, vLLM) or {@code reasoning} (OpenRouter). */
    static Optional<String> reasoning(JsonNode message) {
        return Read.text(message.path("reasoning_content")).filter(t -> !t.isEmpty())
                .or(() -> Read.text(message.path("reasoning")).filter(t -> !t.isEmpty()));
    }

    /** A string, or (some compatible servers) an array of text parts; empty text gives nothing. */
    private static Optional<String> text(JsonNode content) {
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            content.forEach(part -> text.append(part.path("text").asString("")));
            return Optional.of(text.toString()).filter(t -> !t.isEmpty());
        }
        return Read.text(content).filter(t -> !t.isEmpty());
    }
}
