package dev.parley.core.usage;

import java.util.List;
import java.util.Objects;

/**
 * A report's answer: the query as answered (its range in whole hours), the rows ordered by bucket and then by
 * dimension values, and the grand total.
 */
public record UsageReport(UsageReportQuery query, List<UsageReportRow> rows, UsageTotals total) {

    public UsageReport {
        Objects.requireNonNull(query, "query");
        rows = List.copyOf(rows);
        Objects.requireNonNull(total, "total");
    }
}
