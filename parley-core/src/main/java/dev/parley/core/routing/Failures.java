package dev.parley.core.routing;

import dev.parley.core.protocol.ErrorKind;

/** The one place that decides whether, and how, a failed upstream attempt may be tried again. */
public final class Failures {

    private Failures() {
    }

    public static FailureClass classify(UpstreamOutcome outcome) {
        return switch (outcome) {
            case UpstreamOutcome.ConnectionFailed _ -> FailureClass.RETRY_SAME;
            case UpstreamOutcome.Status(int status, ErrorKind kind) -> ofStatus(status, kind);
            case UpstreamOutcome.StreamError(ErrorKind kind) -> ofKind(kind);
        };
    }

    private static FailureClass ofStatus(int status, ErrorKind kind) {
        // The body wins where it is more specific than the status: a 400 that says "context too long", a 429
        // that says "quota exhausted" (billing, so the key is no use until someone pays), Gemini's 400 for a bad key.
        if (kind == ErrorKind.CONTEXT_LENGTH) {
            return FailureClass.NEXT_MODEL;
        }
        if (status == 401 || status == 402 || status == 403 || kind == ErrorKind.AUTHENTICATION
                || kind == ErrorKind.BILLING) {
            return FailureClass.KEY_DEAD;
        }
        if (status == 429) {
            return FailureClass.COOL_DOWN_KEY;
        }
        // 408 and 409 are transient on the provider's side; the official SDKs retry them too.
        if (status >= 500 || status == 408 || status == 409) {
            return FailureClass.RETRY_SAME;
        }
        return FailureClass.FINAL;
    }

    private static FailureClass ofKind(ErrorKind kind) {
        return switch (kind) {
            case RATE_LIMITED -> FailureClass.COOL_DOWN_KEY;
            case OVERLOADED, UPSTREAM, TIMEOUT, UNAVAILABLE, INTERNAL -> FailureClass.RETRY_SAME;
            case AUTHENTICATION, BILLING, PERMISSION -> FailureClass.KEY_DEAD;
            case CONTEXT_LENGTH -> FailureClass.NEXT_MODEL;
            case INVALID_REQUEST, UNPROCESSABLE, CONFLICT, IDEMPOTENCY_MISMATCH, NOT_FOUND, METHOD_NOT_ALLOWED,
                 PAYLOAD_TOO_LARGE, BUDGET_EXCEEDED -> FailureClass.FINAL;
            // An upstream that says our request came too slowly: a connection problem on the way, worth another try.
            case CLIENT_TIMEOUT -> FailureClass.RETRY_SAME;
        };
    }
}
