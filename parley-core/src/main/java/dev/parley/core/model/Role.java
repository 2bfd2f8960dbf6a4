package dev.parley.core.model;

/**
 * Who speaks a message. Leading system and developer prompts are lifted into {@link ChatRequest#system()};
 * {@link #SYSTEM} marks a system or developer message that sits between turns and must keep its place.
 * Tool results travel as {@link Block.ToolResult} blocks inside {@link #USER} messages.
 */
public enum Role {
    USER,
    ASSISTANT,
    SYSTEM
}
