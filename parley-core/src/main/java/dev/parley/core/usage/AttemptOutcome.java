package dev.parley.core.usage;

import dev.parley.core.protocol.ErrorKind;
import java.util.Locale;
import java.util.Objects;

/** How one upstream attempt of a request ended, as the ledger records it and the channel's health judges it. */
public sealed interface AttemptOutcome {

    /** The answer was relayed whole: the stream's end marker, or the whole body. */
    record Ok() implements AttemptOutcome {}

    /** The provider answered with an error status; {@code kind} is what its error body said. */
    record HttpStatus(int status, ErrorKind kind) implements AttemptOutcome {
        public HttpStatus {
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** No response: the connection was refused or reset, or its body was cut before any of it was used. */
    record ConnectionFailed() implements AttemptOutcome {}

    /** The provider stayed silent past the timeout. */
    record TimedOut() implements AttemptOutcome {}

    /** An error event inside a 200 (or an answer Parley could not read). */
    record StreamError(ErrorKind kind) implements AttemptOutcome {
        public StreamError {
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** The stream ended without its protocol's end marker. */
    record Cut() implements AttemptOutcome {}

    /** Ended without a verdict: the client hung up, or the attempt was dropped before it was sent. */
    record Abandoned() implements AttemptOutcome {}

    AttemptOutcome OK = new Ok();
    AttemptOutcome CONNECTION_FAILED = new ConnectionFailed();
    AttemptOutcome TIMED_OUT = new TimedOut();
    AttemptOutcome CUT = new Cut();
    AttemptOutcome ABANDONED = new Abandoned();

    /** A stable short name of the outcome's kind: {@code ok}, {@code http_status}, {@code stream_error}, ... */
    default String name() {
        return switch (this) {
            case Ok _ -> "ok";
            case HttpStatus _ -> "http_status";
            case ConnectionFailed _ -> "connection_failed";
            case TimedOut _ -> "timeout";
            case StreamError _ -> "stream_error";
            case Cut _ -> "cut";
            case Abandoned _ -> "abandoned";
        };
    }

    /** An error kind's stable lower-case name, as the ledger writes it. */
    static String kindName(ErrorKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
