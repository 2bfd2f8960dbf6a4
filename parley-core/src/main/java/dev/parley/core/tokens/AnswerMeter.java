package dev.parley.core.tokens;

import dev.parley.core.usage.TokenUsage;
import java.util.function.LongSupplier;

/** What one upstream answer used, settled once the answer is over (finished, cut, or abandoned by its client). */
public sealed interface AnswerMeter permits UsageMeter, StreamMeter {

    /**
     * The usage to bill: the provider's figures, or an estimate marked so.
     *
     * @param input the request's input tokens as the local tokenizer counts them; asked only when needed
     */
    TokenUsage settle(LongSupplier input);

    /**
     * Whether {@link #settle} would count text with the local tokenizer (the provider reported no usage, or the
     * answer stopped before its finish): milliseconds for a long answer or prompt, which a caller on an event loop
     * does elsewhere. False when the provider's own figures settle it.
     */
    boolean counts();
}
