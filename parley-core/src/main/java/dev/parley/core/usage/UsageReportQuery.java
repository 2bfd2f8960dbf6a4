package dev.parley.core.usage;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A usage report: the rows {@code filter} selects, added up per distinct value of the {@code groupBy} dimensions
 * (in that order) and per {@code grain} bucket. Answered from the rollups, which are by whole UTC hours: the range
 * is widened to whole hours ({@link #hourly}), which the answer says.
 */
public record UsageReportQuery(UsageFilter filter, List<UsageDimension> groupBy, TimeGrain grain) {

    /** The widest range a report reads by hour; a longer one is read by day. */
    public static final Duration LONGEST_HOURLY = Duration.ofDays(93);

    public UsageReportQuery {
        Objects.requireNonNull(filter, "filter");
        groupBy = List.copyOf(groupBy);
        Objects.requireNonNull(grain, "grain");
        if (new HashSet<>(groupBy).size() != groupBy.size()) {
            throw new UsageQueryException("by", "names a dimension twice: " + groupBy.stream()
                    .map(UsageDimension::wire).toList());
        }
        if (grain == TimeGrain.HOUR
                && Duration.between(filter.since(), filter.until()).compareTo(LONGEST_HOURLY) > 0) {
            throw new UsageQueryException("grain", "hour covers at most " + LONGEST_HOURLY.toDays()
                    + " days; use day for a longer range");
        }
    }

    /** The same report over whole UTC hours: since rounded down, until rounded up. */
    public UsageReportQuery hourly() {
        return new UsageReportQuery(filter.within(UsageTime.floorHour(filter.since()),
                UsageTime.ceilHour(filter.until())), groupBy, grain);
    }
}
