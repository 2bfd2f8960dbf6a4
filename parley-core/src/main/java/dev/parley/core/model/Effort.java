package dev.parley.core.model;

import java.util.Optional;

/** How hard the model should think, on OpenAI's scale; {@link #NONE} turns reasoning off. */
public enum Effort {
    NONE("none", 0),
    MINIMAL("minimal", 1024),
    LOW("low", 2048),
    MEDIUM("medium", 8192),
    HIGH("high", 24576),
    XHIGH("xhigh", 32000),
    MAX("max", 32000);

    private final String wireName;
    private final int budgetTokens;

    Effort(String wireName, int budgetTokens) {
        this.wireName = wireName;
        this.budgetTokens = budgetTokens;
    }

    public String wireName() {
        return wireName;
    }

    /** A thinking budget for protocols that take tokens instead of a level (0 for {@link #NONE}). */
    public int budgetTokens() {
        return budgetTokens;
    }

    public static Optional<Effort> fromWireName(String name) {
        for (Effort effort : values()) {
            if (effort.wireName.equalsIgnoreCase(name)) {
                return Optional.of(effort);
            }
        }
        return Optional.empty();
    }

    /** The level a token budget stands for: 0 is none, up to 1024 low, up to 8192 medium, above high. */
    public static Effort fromBudget(int budgetTokens) {
        if (budgetTokens <= 0) {
            return NONE;
        }
        if (budgetTokens <= 1024) {
            return LOW;
        }
        return budgetTokens <= 8192 ? MEDIUM : HIGH;
    }
}
