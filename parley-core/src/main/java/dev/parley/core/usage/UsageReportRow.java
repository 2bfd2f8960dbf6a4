package dev.parley.core.usage;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a report: the bucket's start (none for {@link TimeGrain#NONE}), the value of each grouped dimension
 * in the query's order ({@code ""} for a row that has none, such as the team of a configured key), and its totals.
 */
public record UsageReportRow(Optional<Instant> bucket, Map<UsageDimension, String> dimensions, UsageTotals totals) {

    public UsageReportRow {
        Objects.requireNonNull(bucket, "bucket");
        dimensions = Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
        Objects.requireNonNull(totals, "totals");
    }
}
