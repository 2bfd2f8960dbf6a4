package dev.parley.testkit;

/** The four provider protocols the fake speaks; the request path decides which one answers. */
public enum WireFormat {
    OPENAI_CHAT,
    OPENAI_RESPONSES,
    ANTHROPIC,
    GEMINI
}
