package dev.parley.core.usage;

import dev.parley.core.model.StreamEvent;
import java.util.List;
import java.util.Optional;

/**
 * The counts of a usage without the provider's raw object, for tests about how figures are translated (the raw
 * object is checked by the usage golden tests).
 */
public final class UsageAudit {

    private UsageAudit() {
    }

    public static TokenUsage counts(TokenUsage usage) {
        return new TokenUsage(usage.inputTokens(), usage.outputTokens(), usage.cacheReadTokens(),
                usage.cacheWriteTokens(), usage.reasoningTokens(), usage.cacheWrites(), usage.modalities(),
                usage.source(), Optional.empty());
    }

    public static List<StreamEvent> counts(List<StreamEvent> events) {
        return events.stream().map(e -> e instanceof StreamEvent.Usage(TokenUsage u)
                ? (StreamEvent) new StreamEvent.Usage(counts(u)) : e).toList();
    }
}
