package dev.parley.core.usage;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a usage report can group by: whom a request is charged to, and what it asked for and where it went. */
public enum UsageDimension {
    TEAM("team"),
    PROJECT("project"),
    MEMBER("member"),
    KEY("key"),
    MODEL("model"),
    PROVIDER("provider"),
    UPSTREAM_MODEL("upstream_model");

    /** The names a query accepts, for messages. */
    public static final String NAMES = Arrays.stream(values()).map(UsageDimension::wire)
            .collect(Collectors.joining(", "));

    private final String wire;

    UsageDimension(String wire) {
        this.wire = wire;
    }

    /** The name in queries, answers and CSV headers. */
    public String wire() {
        return wire;
    }

    public static Optional<UsageDimension> of(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(d -> d.wire.equals(wanted)).findFirst();
    }
}
