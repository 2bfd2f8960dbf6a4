package dev.parley.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.health.ChannelWindows;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.usage.AttemptOutcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChannelVerdictTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "500, UPSTREAM,         FAILED",
        "502, UPSTREAM,         FAILED",
        "503, OVERLOADED,       FAILED",
        "529, OVERLOADED,       FAILED",
        "504, TIMEOUT,          FAILED",
        "408, TIMEOUT,          FAILED",
        "429, RATE_LIMITED,     ABANDONED",
        "401, AUTHENTICATION,   ABANDONED",
        "402, BILLING,          ABANDONED",
        "403, PERMISSION,       ABANDONED",
        "400, AUTHENTICATION,   ABANDONED",
        "400, INVALID_REQUEST,  SUCCEEDED",
        "400, CONTEXT_LENGTH,   SUCCEEDED",
        "404, NOT_FOUND,        SUCCEEDED",
        "413, PAYLOAD_TOO_LARGE, SUCCEEDED",
    })
    void statuses(int status, ErrorKind kind, ChannelVerdict verdict) {
        assertThat(ChannelVerdict.of(new AttemptOutcome.HttpStatus(status, kind))).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0} {1} counts as {2}")
    @CsvSource({
        "429, RATE_LIMITED,     RATE_LIMITED",
        "503, OVERLOADED,       FAILED",
        "401, AUTHENTICATION,   OTHER",
        "400, INVALID_REQUEST,  SUCCEEDED",
    })
    void theStatusPageCountsA429OnItsOwnAndTheRestByVerdict(int status, ErrorKind kind,
                                                            ChannelWindows.Result result) {
        assertThat(ChannelVerdict.windowResult(new AttemptOutcome.HttpStatus(status, kind))).isEqualTo(result);
        assertThat(ChannelVerdict.windowResult(AttemptOutcome.OK)).isEqualTo(ChannelWindows.Result.SUCCEEDED);
        assertThat(ChannelVerdict.windowResult(AttemptOutcome.TIMED_OUT)).isEqualTo(ChannelWindows.Result.FAILED);
        assertThat(ChannelVerdict.windowResult(AttemptOutcome.ABANDONED)).isEqualTo(ChannelWindows.Result.OTHER);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "UPSTREAM,         FAILED",
        "OVERLOADED,       FAILED",
        "INVALID_REQUEST,  FAILED",
        "RATE_LIMITED,     ABANDONED",
        "AUTHENTICATION,   ABANDONED",
    })
    void errorEventsInsideA200(ErrorKind kind, ChannelVerdict verdict) {
        assertThat(ChannelVerdict.of(new AttemptOutcome.StreamError(kind))).isEqualTo(verdict);
    }

    @org.junit.jupiter.api.Test
    void theRest() {
        assertThat(ChannelVerdict.of(AttemptOutcome.OK)).isEqualTo(ChannelVerdict.SUCCEEDED);
        assertThat(ChannelVerdict.of(AttemptOutcome.CONNECTION_FAILED)).isEqualTo(ChannelVerdict.FAILED);
        assertThat(ChannelVerdict.of(AttemptOutcome.TIMED_OUT)).isEqualTo(ChannelVerdict.FAILED);
        assertThat(ChannelVerdict.of(AttemptOutcome.CUT)).isEqualTo(ChannelVerdict.FAILED);
        assertThat(ChannelVerdict.of(AttemptOutcome.ABANDONED)).isEqualTo(ChannelVerdict.ABANDONED);
    }
}
