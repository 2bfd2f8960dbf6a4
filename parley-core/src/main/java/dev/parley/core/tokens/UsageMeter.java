package dev.parley.core.tokens;

import dev.parley.core.model.ChatResponse;
import dev.parley.core.model.ResponseEvents;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.usage.TokenUsage;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What one upstream answer used, as Parley received it: the usage the provider reported, whether the answer
 * reached its finish, and the text, reasoning and tool calls that arrived. Received, not forwarded: a client that
 * hangs up is billed for what the provider had produced by then. {@link #settle} gives the usage to bill.
 *
 * <p>Fed the same internal events whether the answer was streamed or whole, so both bill the same.
 */
public final class UsageMeter implements AnswerMeter {

    private Optional<TokenUsage> reported = Optional.empty();
    private boolean finished;
    private final StringBuilder output = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();

    /** One event of the answer, as it arrives. */
    public void accept(StreamEvent event) {
        switch (event) {
            case StreamEvent.TextDelta delta -> output.append(delta.text());
            case StreamEvent.ThinkingDelta delta -> reasoning.append(delta.text());
            case StreamEvent.ToolCallStart start -> output.append(start.name());
            case StreamEvent.ArgumentsDelta delta -> output.append(delta.json());
            case StreamEvent.Usage usage -> {
                if (!(usage.usage().source() instanceof TokenUsage.Source.None)) {
                    reported = Optional.of(usage.usage());
                }
            }
            case StreamEvent.Finish _ -> finished = true;
            case StreamEvent.Start _, StreamEvent.TextStart _, StreamEvent.ThinkingStart _,
                 StreamEvent.RedactedThinking _, StreamEvent.SignatureDelta _, StreamEvent.BlockStop _,
                 StreamEvent.Failure _, StreamEvent.Done _ -> { }
        }
    }

    /** A whole answer, read as the events a stream of it would carry. */
    public void accept(ChatResponse answer) {
        ResponseEvents.of(answer).forEach(this::accept);
    }

    /** Whether the provider's figures and the finish both arrived: settling then needs none of the text. */
    public boolean complete() {
        return reported.isPresent() && finished;
    }

    @Override
    public boolean counts() {
        return !complete();
    }

    /**
     * The usage to bill. The provider's own figures when the answer reached its finish with them; when they stopped
     * early (a cut stream), those figures with the output raised to what arrived ({@code PARTIAL}); when the provider
     * gave none, the local tokenizer's count of the request and of what arrived ({@code TOKENIZER}).
     *
     * @param input the request's input tokens as the local tokenizer counts them; asked only when needed
     */
    @Override
    public TokenUsage settle(LongSupplier input) {
        if (complete()) {
            return reported.orElseThrow();
        }
        long thought = count(reasoning);
        long received = count(output) + thought;
        if (reported.isEmpty()) {
            return new TokenUsage(input.getAsLong(), received, 0, 0, thought, TokenUsage.Source.TOKENIZER);
        }
        TokenUsage partial = reported.get();
        long out = Math.max(partial.outputTokens(), received);
        long uncached = partial.promptTokens() == 0 ? input.getAsLong() : partial.inputTokens();
        return new TokenUsage(uncached, out, partial.cacheReadTokens(), partial.cacheWriteTokens(),
                Math.min(out, Math.max(partial.reasoningTokens(), thought)), partial.cacheWrites(),
                partial.modalities(), TokenUsage.Source.PARTIAL, partial.raw());
    }

    private static long count(StringBuilder text) {
        return text.isEmpty() ? 0 : TokenEstimator.text(text.toString());
    }
}
