package dev.parley.core.batch;

/** An input file that cannot run, and why; the message names the line (from 1) when one line is at fault. */
public final class BatchInputException extends RuntimeException {

    public BatchInputException(String message) {
        super(message);
    }

    static BatchInputException at(int line, String reason) {
        return new BatchInputException("line " + line + ": " + reason);
    }
}
