package dev.parley.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.protocol.ErrorKind;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailuresTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "429, RATE_LIMITED, COOL_DOWN_KEY",
        "401, AUTHENTICATION, KEY_DEAD",
        "402, BILLING, KEY_DEAD",
        "403, PERMISSION, KEY_DEAD",
        "400, AUTHENTICATION, KEY_DEAD",     // Gemini's API_KEY_INVALID
        "429, BILLING, KEY_DEAD",            // OpenAI's insufficient_quota
        "500, UPSTREAM, RETRY_SAME",
        "502, UPSTREAM, RETRY_SAME",
        "503, OVERLOADED, RETRY_SAME",
        "529, OVERLOADED, RETRY_SAME",
        "504, TIMEOUT, RETRY_SAME",
        "408, TIMEOUT, RETRY_SAME",
        "409, UPSTREAM, RETRY_SAME",
        "400, CONTEXT_LENGTH, NEXT_MODEL",
        "413, CONTEXT_LENGTH, NEXT_MODEL",
        "400, INVALID_REQUEST, FINAL",
        "404, NOT_FOUND, FINAL",
        "422, INVALID_REQUEST, FINAL",
    })
    void statuses(int status, ErrorKind kind, FailureClass expected) {
        assertThat(Failures.classify(new UpstreamOutcome.Status(status, kind))).isEqualTo(expected);
    }

    @Test
    void connectionFailuresAndTimeoutsAreRetried() {
        assertThat(Failures.classify(new UpstreamOutcome.ConnectionFailed(false))).isEqualTo(FailureClass.RETRY_SAME);
        assertThat(Failures.classify(new UpstreamOutcome.ConnectionFailed(true))).isEqualTo(FailureClass.RETRY_SAME);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "RATE_LIMITED, COOL_DOWN_KEY",
        "OVERLOADED, RETRY_SAME",
        "UPSTREAM, RETRY_SAME",
        "AUTHENTICATION, KEY_DEAD",
        "CONTEXT_LENGTH, NEXT_MODEL",
        "INVALID_REQUEST, FINAL",
    })
    void errorEventsInsideA200(ErrorKind kind, FailureClass expected) {
        assertThat(Failures.classify(new UpstreamOutcome.StreamError(kind))).isEqualTo(expected);
    }

    @Property
    void everyServerErrorIsRetriedUnlessTheBodySaysTheRequestCannotFit(@ForAll @IntRange(min = 500, max = 599) int status,
                                                                        @ForAll ErrorKind kind) {
        FailureClass failure = Failures.classify(new UpstreamOutcome.Status(status, kind));
        assertThat(failure.retryable()).isEqualTo(kind != ErrorKind.CONTEXT_LENGTH);
    }

    @Property
    void clientErrorsAreNotRetriedAsTransient(@ForAll @IntRange(min = 400, max = 499) int status, @ForAll ErrorKind kind) {
        FailureClass failure = Failures.classify(new UpstreamOutcome.Status(status, kind));
        if (status != 408 && status != 409) {
            assertThat(failure).isNotEqualTo(FailureClass.RETRY_SAME);
        }
    }
}
