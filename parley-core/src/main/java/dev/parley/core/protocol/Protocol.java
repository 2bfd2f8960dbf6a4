package dev.parley.core.protocol;

/** The four wire formats Parley speaks, inbound and upstream. */
public enum Protocol {
    OPENAI_CHAT("openai-chat"),
    OPENAI_RESPONSES("openai-responses"),
    ANTHROPIC_MESSAGES("anthropic-messages"),
    GEMINI("gemini");

    private final String wireName;

    Protocol(String wireName) {
        this.wireName = wireName;
    }

    /** The stable lower-case name used in the store, logs and metric labels. */
    public String wireName() {
        return wireName;
    }
}
