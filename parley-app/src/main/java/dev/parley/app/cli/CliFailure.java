package dev.parley.app.cli;

/**
 * Why an admin command stops, with its exit code: 1 when the API refused (its message is shown), 2 for a usage or
 * connection problem.
 */
public abstract sealed class CliFailure extends RuntimeException {

    private CliFailure(String message) {
        super(message, null, false, false);
    }

    public abstract int exitCode();

    /** The admin API answered with an error. */
    public static final class Refused extends CliFailure {
        private final int status;

        Refused(int status, String message) {
            super(message + " (HTTP " + status + ")");
            this.status = status;
        }

        public int status() {
            return status;
        }

        @Override
        public int exitCode() {
            return 1;
        }
    }

    /** The command could not be sent: no key, a bad address, no connection. */
    public static final class Usage extends CliFailure {
        Usage(String message) {
            super(message);
        }

        @Override
        public int exitCode() {
            return 2;
        }
    }
}
