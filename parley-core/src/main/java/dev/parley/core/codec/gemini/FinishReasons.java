package dev.parley.core.codec.gemini;

import dev.parley.core.model.FinishReason;

/** Gemini's {@code finishReason} values and Parley's (spec 7.8). */
final class FinishReasons {

    /** What Gemini says when a function call's arguments are not valid JSON; Gemini CLI retries on it. */
    static final String MALFORMED = "MALFORMED_FUNCTION_CALL";

    private FinishReasons() {
    }

    /**
     * Gemini ends tool calls with {@code STOP} like any other answer, so a call in the output is what makes a
     * finish {@link FinishReason#TOOL_CALLS}; truncation and filtering keep their own reasons.
     */
    static FinishReason read(String reason, boolean sawToolCall) {
        FinishReason plain = sawToolCall ? FinishReason.TOOL_CALLS : FinishReason.END_TURN;
        return switch (reason) {
            case "MAX_TOKENS" -> FinishReason.MAX_TOKENS;
            case "SAFETY", "RECITATION", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "IMAGE_SAFETY",
                 "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION" -> FinishReason.CONTENT_FILTER;
            default -> plain;
        };
    }

    static String write(FinishReason reason) {
        return switch (reason) {
            case END_TURN, STOP_SEQUENCE, TOOL_CALLS, PAUSE -> "STOP";
            case MAX_TOKENS, CONTEXT_OVERFLOW -> "MAX_TOKENS";
            case CONTENT_FILTER, REFUSAL -> "SAFETY";
        };
    }
}
