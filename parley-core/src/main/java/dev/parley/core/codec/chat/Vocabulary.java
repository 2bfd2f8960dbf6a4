package dev.parley.core.codec.chat;

import dev.parley.core.codec.Json;
import dev.parley.core.model.FinishReason;
import dev.parley.core.usage.TokenUsage;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Finish reasons (spec §7.8) and usage (§7.9) between Chat's words and the internal model's. */
final class Vocabulary {

    private Vocabulary() {
    }

    static FinishReason finish(String reason) {
        return switch (reason) {
            case "length" -> FinishReason.MAX_TOKENS;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.END_TURN;
        };
    }

    /**
     * Tool calls decide "tool calls", not the provider's word (§7.8: some compatible servers say {@code stop}); a
     * cut-off or filtered answer keeps its reason even with calls in it (H10: the last call may be incomplete).
     */
    static FinishReason derive(FinishReason reason, boolean hasCalls) {
        if (reason == FinishReason.MAX_TOKENS || reason == FinishReason.CONTENT_FILTER) {
            return reason;
        }
        if (hasCalls) {
            return FinishReason.TOOL_CALLS;
        }
        return reason == FinishReason.TOOL_CALLS ? FinishReason.END_TURN : reason;
    }

    static String finishReason(FinishReason reason, boolean hasCalls) {
        return switch (derive(reason, hasCalls)) {
            case END_TURN, STOP_SEQUENCE, PAUSE -> "stop";
            case MAX_TOKENS, CONTEXT_OVERFLOW -> "length";
            case TOOL_CALLS -> "tool_calls";
            case CONTENT_FILTER, REFUSAL -> "content_filter";
        };
    }

    /** {@code prompt_tokens} include cached ones and {@code completion_tokens} include reasoning. */
    static Optional<TokenUsage> usage(JsonNode usage) {
        return ChatUsage.read(usage);
    }

    static ObjectNode usage(TokenUsage usage) {
        long prompt = usage.inputTokens() + usage.cacheReadTokens() + usage.cacheWriteTokens();
        ObjectNode out = Json.objectNode();
        out.put("prompt_tokens", prompt);
        out.put("completion_tokens", usage.outputTokens());
        out.put("total_tokens", prompt + usage.outputTokens());
        ObjectNode promptDetails = out.putObject("prompt_tokens_details").put("cached_tokens", usage.cacheReadTokens());
        if (usage.cacheWriteTokens() > 0) {
            promptDetails.put("cache_write_tokens", usage.cacheWriteTokens());
        }
        out.putObject("completion_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
        return out;
    }
}
