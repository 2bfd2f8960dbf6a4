package dev.parley.core.codec.anthropic;

import dev.parley.core.model.FinishReason;

/** Anthropic {@code stop_reason} ↔ {@link FinishReason} (§7.8). */
final class StopReasons {

    private StopReasons() {
    }

    static FinishReason read(String stopReason) {
        return switch (stopReason) {
            case "max_tokens" -> FinishReason.MAX_TOKENS;
            case "stop_sequence" -> FinishReason.STOP_SEQUENCE;
            case "tool_use" -> FinishReason.TOOL_CALLS;
            case "pause_turn" -> FinishReason.PAUSE;
            case "refusal" -> FinishReason.REFUSAL;
            case "model_context_window_exceeded" -> FinishReason.CONTEXT_OVERFLOW;
            default -> FinishReason.END_TURN;
        };
    }

    static String write(FinishReason reason) {
        return switch (reason) {
            case END_TURN -> "end_turn";
            case MAX_TOKENS -> "max_tokens";
            case STOP_SEQUENCE -> "stop_sequence";
            case TOOL_CALLS -> "tool_use";
            case CONTENT_FILTER, REFUSAL -> "refusal";
            case PAUSE -> "pause_turn";
            case CONTEXT_OVERFLOW -> "model_context_window_exceeded";
        };
    }

    /**
     * "The model called tools" follows from the calls present, not from the provider's word (§7.8): Claude
     * Code's agent loop goes on only on tool_use, and ends on anything else.
     */
    static FinishReason withCalls(FinishReason reason, boolean hasCalls) {
        if (hasCalls && reason == FinishReason.END_TURN) {
            return FinishReason.TOOL_CALLS;
        }
        if (!hasCalls && reason == FinishReason.TOOL_CALLS) {
            return FinishReason.END_TURN;
        }
        return reason;
    }
}
