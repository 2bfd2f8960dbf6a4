package dev.parley.core.usage;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a usage report splits time: not at all, by UTC hour or by UTC day. */
public enum TimeGrain {
    NONE("none"),
    HOUR("hour"),
    DAY("day");

    private final String wire;

    TimeGrain(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** A bucket's length; empty for {@link #NONE}. */
    public Optional<Duration> length() {
        return switch (this) {
            case NONE -> Optional.empty();
            case HOUR -> Optional.of(Duration.ofHours(1));
            case DAY -> Optional.of(Duration.ofDays(1));
        };
    }

    public static Optional<TimeGrain> of(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(g -> g.wire.equals(wanted)).findFirst();
    }
}
