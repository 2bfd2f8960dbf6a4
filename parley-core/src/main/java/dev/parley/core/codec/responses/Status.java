package dev.parley.core.codec.responses;

import dev.parley.core.model.FinishReason;
import java.util.Optional;

/**
 * A response's {@code status} and {@code incomplete_details.reason} against Parley's finish reasons (§7.8).
 * Responses has no "tool calls" status: the call items in the output are the signal.
 */
final class Status {

    static final String COMPLETED = "completed";
    static final String INCOMPLETE = "incomplete";
    private static final String MAX_OUTPUT_TOKENS = "max_output_tokens";
    private static final String CONTENT_FILTER = "content_filter";

    private Status() {
    }

    /** The finish reason of a response that ended with this status. */
    static FinishReason finish(String status, Optional<String> incompleteReason, boolean calls, boolean refusal) {
        if (status.equals(INCOMPLETE)) {
            return incompleteReason.filter(CONTENT_FILTER::equals).isPresent()
                    ? FinishReason.CONTENT_FILTER
                    : FinishReason.MAX_TOKENS;
        }
        if (calls) {
            return FinishReason.TOOL_CALLS;
        }
        return refusal ? FinishReason.REFUSAL : FinishReason.END_TURN;
    }

    /** The reason an answer that stopped so is incomplete, or empty when it is complete. */
    static Optional<String> incompleteReason(FinishReason reason) {
        return switch (reason) {
            case MAX_TOKENS, CONTEXT_OVERFLOW -> Optional.of(MAX_OUTPUT_TOKENS);
            case CONTENT_FILTER, REFUSAL -> Optional.of(CONTENT_FILTER);
            case END_TURN, STOP_SEQUENCE, TOOL_CALLS, PAUSE -> Optional.empty();
        };
    }
}
