package dev.parley.core.usage;

/** A report or export query that cannot be answered as asked: names the parameter and says why. */
public final class UsageQueryException extends IllegalArgumentException {

    private final String param;

    public UsageQueryException(String param, String reason) {
        super(param + ": " + reason);
        this.param = param;
    }

    /** The query parameter at fault. */
    public String param() {
        return param;
    }

    /** The reason, without the parameter's name. */
    public String reason() {
        return getMessage().substring(param.length() + 2);
    }
}
