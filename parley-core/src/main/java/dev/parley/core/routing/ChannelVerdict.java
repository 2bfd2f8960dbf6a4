package dev.parley.core.routing;

import dev.parley.core.health.Attempt;
import dev.parley.core.health.ChannelWindows;
import dev.parley.core.usage.AttemptOutcome;

/**
 * What one attempt's outcome says about its channel (provider and upstream model), decided here and nowhere else.
 *
 * <ul>
 *   <li>{@link #FAILED}: the channel is in trouble: a 5xx or 529 (and 408, 409), a refused or reset connection, a
 *       timeout, an error event inside a 200, a stream cut, after output or before.</li>
 *   <li>{@link #ABANDONED}, no verdict: a 429 or a refused key (401, 402, 403, billing) is the key's problem, which
 *       {@link KeyRotation} already handles by cooling or retiring it; a client that hung up says nothing either.
 *       Neither may open the channel's circuit.</li>
 *   <li>{@link #SUCCEEDED}: the answer completed, or the channel properly refused a request that is the client's
 *       fault (invalid, too long for the model): it did its job.</li>
 * </ul>
 */
public enum ChannelVerdict {
    SUCCEEDED,
    FAILED,
    ABANDONED;

    public static ChannelVerdict of(AttemptOutcome outcome) {
        return switch (outcome) {
            case AttemptOutcome.Ok _ -> SUCCEEDED;
            case AttemptOutcome.HttpStatus(int status, var kind) ->
                    ofFailure(Failures.classify(new UpstreamOutcome.Status(status, kind)), SUCCEEDED);
            case AttemptOutcome.StreamError(var kind) ->
                    // An error event inside a 200 is the provider misbehaving, whatever it claims the cause is.
                    ofFailure(Failures.classify(new UpstreamOutcome.StreamError(kind)), FAILED);
            case AttemptOutcome.ConnectionFailed _, AttemptOutcome.TimedOut _, AttemptOutcome.Cut _ -> FAILED;
            case AttemptOutcome.Abandoned _ -> ABANDONED;
        };
    }

    /** How a channel's status counts an attempt: a 429 on its own, otherwise by its verdict. */
    public static ChannelWindows.Result windowResult(AttemptOutcome outcome) {
        if (outcome instanceof AttemptOutcome.HttpStatus status && status.status() == 429) {
            return ChannelWindows.Result.RATE_LIMITED;
        }
        return switch (of(outcome)) {
            case SUCCEEDED -> ChannelWindows.Result.SUCCEEDED;
            case FAILED -> ChannelWindows.Result.FAILED;
            case ABANDONED -> ChannelWindows.Result.OTHER;
        };
    }

    private static ChannelVerdict ofFailure(FailureClass failure, ChannelVerdict requestsFault) {
        return switch (failure) {
            case RETRY_SAME -> FAILED;
            case COOL_DOWN_KEY, KEY_DEAD -> ABANDONED;
            case NEXT_MODEL, FINAL -> requestsFault;
        };
    }

    /** Ends the channel's attempt with this verdict (the attempt ignores every ending after its first). */
    public void report(Attempt<?> attempt, long nowNanos) {
        switch (this) {
            case SUCCEEDED -> attempt.succeeded(nowNanos);
            case FAILED -> attempt.failed(nowNanos);
            case ABANDONED -> attempt.abandoned();
        }
    }
}
