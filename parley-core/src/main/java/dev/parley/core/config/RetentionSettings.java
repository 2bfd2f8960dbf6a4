package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How long the ledger keeps what ({@code usage.retention}): raw rows and hourly rollups are deleted once older than
 * their period; absent keeps them forever. Daily rollups are always kept, so reports by day and budgets never lose a
 * figure.
 *
 * @param raw how long raw usage rows are kept
 * @param hourly how long hourly rollups are kept
 */
public record RetentionSettings(Optional<Duration> raw, Optional<Duration> hourly) {

    /** The shortest period: a day, so that the day budgets are counting is always whole. */
    public static final Duration SHORTEST = Duration.ofDays(1);

    public static final RetentionSettings FOREVER = new RetentionSettings(Optional.empty(), Optional.empty());

    public RetentionSettings {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(hourly, "hourly");
        check(raw.stream().allMatch(d -> d.compareTo(SHORTEST) >= 0), "raw must be at least a day");
        check(hourly.stream().allMatch(d -> d.compareTo(SHORTEST) >= 0), "hourly must be at least a day");
    }

    public boolean keepsEverything() {
        return raw.isEmpty() && hourly.isEmpty();
    }
}
