package dev.parley.server;

import dev.parley.core.codec.MaxOutputTokens;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.tenancy.BudgetBook;
import dev.parley.core.tenancy.BudgetPeriod;
import dev.parley.core.tenancy.LimitBook;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Optional;

/**
 * The client's errors when admission stops a request, each naming the scope and the limit or budget that stopped
 * it: a rate limit is a 429 with a Retry-After; a spent budget is {@link ErrorKind#BUDGET_EXCEEDED}, which no SDK
 * retries, with a Retry-After only when its day or month ends; a request over its key's max tokens is the client's
 * mistake (400). Scopes and budgets are named by id; no key is ever in a message.
 */
final class AdmissionErrors {

    private AdmissionErrors() {
    }

    static ApiError limit(LimitBook.Refused refused, long estimatedTokens, Optional<String> maxTokensParam, Instant now) {
        if (refused.retryAt().isEmpty()) {
            // Waiting cannot help: the request alone is more than the scope may use in a minute.
            ApiError error = ApiError.of(ErrorKind.INVALID_REQUEST, "request_exceeds_limit",
                    refused.message(estimatedTokens));
            return maxTokensParam.map(error::withParam).orElse(error);
        }
        return ApiError.of(ErrorKind.RATE_LIMITED, "rate_limit_exceeded", refused.message(estimatedTokens))
                .withRetryAfter(Admission.until(now, refused.retryAt().get()));
    }

    static ApiError budget(BudgetBook.Exhausted exhausted, Instant now) {
        String name = exhausted.budget().scope() + "'s " + period(exhausted.budget().period()) + " budget of "
                + usd(exhausted.amount());
        BigDecimal used = exhausted.spent().add(exhausted.reserved());
        String message = exhausted.amount().subtract(used).signum() <= 0
                ? name + " is spent (" + usd(exhausted.spent()) + " spent, " + usd(exhausted.reserved())
                        + " held by requests in flight)."
                : name + " cannot cover this request (up to " + usd(exhausted.asked()) + "; " + usd(used)
                        + " is spent or held by requests in flight).";
        ApiError error = ApiError.of(ErrorKind.BUDGET_EXCEEDED, "budget_exceeded", message + exhausted.windowEnd()
                .map(end -> " It starts again at " + end + ".").orElse(""));
        return exhausted.windowEnd().map(end -> error.withRetryAfter(Admission.until(now, end))).orElse(error);
    }

    /**
     * The prepaid account that pays for the request cannot cover its worst case: {@link ErrorKind#BUDGET_EXCEEDED}
     * without a Retry-After, since only a top-up helps. Names the account's scope, which is the caller's own team or
     * member, and its figures.
     */
    static ApiError balance(BudgetBook.Exhausted exhausted) {
        BigDecimal available = exhausted.amount().subtract(exhausted.spent()).subtract(exhausted.reserved());
        return ApiError.of(ErrorKind.BUDGET_EXCEEDED, "insufficient_balance", exhausted.budget().scope()
                + "'s prepaid balance cannot cover this request's worst case of " + usd(exhausted.asked()) + ": "
                + usd(available.max(BigDecimal.ZERO)) + " is available (" + usd(exhausted.amount()) + " credit, "
                + usd(exhausted.spent()) + " charged, " + usd(exhausted.reserved()) + " held by requests in flight)."
                + " A top-up lets requests through again.");
    }

    /** Empty when the request asks for no more output than {@code max}. */
    static Optional<ApiError> maxTokens(Protocol protocol, Optional<MaxOutputTokens> asked, int max) {
        if (asked.isEmpty()) {
            String param = MaxOutputTokens.paramOf(protocol);
            return Optional.of(ApiError.of(ErrorKind.INVALID_REQUEST, "max_tokens_required", "This key may ask for at"
                    + " most " + max + " output tokens per request; set " + param + ".").withParam(param));
        }
        if (asked.get().value() > max) {
            return Optional.of(ApiError.of(ErrorKind.INVALID_REQUEST, "max_tokens_exceeded", asked.get().param() + " is "
                    + asked.get().value() + ", but this key may ask for at most " + max + " output tokens per request.")
                    .withParam(asked.get().param()));
        }
        return Optional.empty();
    }

    private static String period(BudgetPeriod period) {
        return switch (period) {
            case DAY -> "daily";
            case MONTH -> "monthly";
            case TOTAL -> "total";
        };
    }

    /** Dollars with cents, and with as many more places as the amount has (a request can cost $0.0004). */
    static String usd(BigDecimal amount) {
        BigDecimal plain = amount.stripTrailingZeros();
        BigDecimal shown = plain.scale() < 2 ? plain.setScale(2, RoundingMode.UNNECESSARY) : plain;
        return "$" + shown.toPlainString();
    }
}
