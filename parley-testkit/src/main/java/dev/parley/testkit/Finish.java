package dev.parley.testkit;

/** Why a reply ended, in neutral terms; each renderer maps it to its protocol's own reason. */
public enum Finish {
    /** A natural end: Chat {@code stop}, Anthropic {@code end_turn}, Gemini {@code STOP}. */
    STOP,
    /** The output limit was hit: Chat {@code length}, Anthropic {@code max_tokens}, Responses incomplete. */
    LENGTH,
    /** The model wants tool results: Chat {@code tool_calls}, Anthropic {@code tool_use}, Gemini still STOP. */
    TOOL_USE
}
