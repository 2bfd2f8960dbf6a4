package dev.parley.core.model;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the client asked of the model's reasoning: a level, an exact token budget, or both, and whether it wants
 * the reasoning text (summaries, Gemini {@code includeThoughts}) back.
 */
public record Reasoning(Optional<Effort> effort, OptionalInt budgetTokens, boolean showThoughts) {

    public Reasoning {
        Objects.requireNonNull(effort, "effort");
        Objects.requireNonNull(budgetTokens, "budgetTokens");
    }

    public static Reasoning ofEffort(Effort effort) {
        return new Reasoning(Optional.of(effort), OptionalInt.empty(), false);
    }

    /** The level, derived from the budget when only a budget was given. */
    public Effort level() {
        return effort.orElseGet(() -> budgetTokens.isPresent() ? Effort.fromBudget(budgetTokens.getAsInt()) : Effort.MEDIUM);
    }

    /** The budget, derived from the level when only a level was given. */
    public int budget() {
        return budgetTokens.orElseGet(() -> level().budgetTokens());
    }

    public boolean disabled() {
        return level() == Effort.NONE;
    }
}
