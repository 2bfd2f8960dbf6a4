package dev.parley.core.model;

/** Why the model stopped. */
public enum FinishReason {
    END_TURN,
    MAX_TOKENS,
    STOP_SEQUENCE,
    /** It called tools and waits for their results; derived from the calls present, not the provider's word. */
    TOOL_CALLS,
    CONTENT_FILTER,
    REFUSAL,
    /** The provider paused a long turn (Anthropic {@code pause_turn}); the caller resends to continue. */
    PAUSE,
    CONTEXT_OVERFLOW
}
