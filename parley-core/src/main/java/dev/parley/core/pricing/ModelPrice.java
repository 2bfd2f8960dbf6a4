package dev.parley.core.pricing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What one model costs at one moment, in dollars per million tokens of each kind (tiered by prompt size where the
 * provider does so), plus any fee per request. Amounts are exact decimals; nothing here is ever a double.
 *
 * @param source where the prices come from: {@code openai/gpt-4o} (the price database's provider and model) or
 *               {@code config:openai-main/gpt-4o} (an operator's entry under {@code prices})
 * @param input uncached input
 * @param output output, reasoning included
 * @param cacheRead input read from the prompt cache
 * @param cacheWrite input written to the cache, at the default (five-minute) lifetime
 * @param cacheWrite1h input written to the cache for an hour
 * @param perThousandRequests dollars per thousand requests, whatever their tokens
 */
public record ModelPrice(
        String source,
        Rate input,
        Rate output,
        Rate cacheRead,
        Rate cacheWrite,
        Rate cacheWrite1h,
        BigDecimal perThousandRequests) {

    private static final int PER_MILLION = 6;
    private static final int PER_THOUSAND = 3;

    public ModelPrice {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(cacheRead, "cacheRead");
        Objects.requireNonNull(cacheWrite, "cacheWrite");
        Objects.requireNonNull(cacheWrite1h, "cacheWrite1h");
        Objects.requireNonNull(perThousandRequests, "perThousandRequests");
        if (perThousandRequests.signum() < 0) {
            throw new IllegalArgumentException("a price per request cannot be negative");
        }
    }

    /** Flat prices per million tokens with no fee per request. */
    public static ModelPrice flat(String source, BigDecimal input, BigDecimal output, BigDecimal cacheRead,
                                  BigDecimal cacheWrite, BigDecimal cacheWrite1h) {
        return new ModelPrice(source, Rate.flat(input), Rate.flat(output), Rate.flat(cacheRead), Rate.flat(cacheWrite),
                Rate.flat(cacheWrite1h), BigDecimal.ZERO);
    }

    /** The exact charge for these tokens in dollars, unrounded, each kind at the tier the whole prompt falls in. */
    public BigDecimal tokenCharge(BilledTokens tokens) {
        var prompt = tokens.promptTokens();
        return times(input.at(prompt), tokens.input())
                .add(times(cacheRead.at(prompt), tokens.cacheRead()))
                .add(times(cacheWrite.at(prompt), tokens.cacheWrite()))
                .add(times(cacheWrite1h.at(prompt), tokens.cacheWrite1h()))
                .add(times(output.at(prompt), tokens.output()))
                .movePointLeft(PER_MILLION);
    }

    /** The exact fee of one request in dollars, whatever its tokens. */
    public BigDecimal requestCharge() {
        return perThousandRequests.movePointLeft(PER_THOUSAND);
    }

    /** The exact charge of one request with these tokens, in dollars. */
    public BigDecimal charge(BilledTokens tokens) {
        return tokenCharge(tokens).add(requestCharge());
    }

    /**
     * The most one request can be charged when its prompt has at most {@code promptTokens} tokens, of any kind,
     * and it writes at most {@code outputTokens}: every prompt token at the dearest input price up to that size.
     */
    public BigDecimal mostCharged(long promptTokens, long outputTokens) {
        if (promptTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
        var promptRate = Rate.highestUpTo(List.of(input, cacheRead, cacheWrite, cacheWrite1h), promptTokens);
        return times(promptRate, promptTokens)
                .add(times(output.highestUpTo(promptTokens), outputTokens))
                .movePointLeft(PER_MILLION)
                .add(requestCharge());
    }

    private static BigDecimal times(BigDecimal perMillion, long tokens) {
        return perMillion.multiply(BigDecimal.valueOf(tokens));
    }
}
