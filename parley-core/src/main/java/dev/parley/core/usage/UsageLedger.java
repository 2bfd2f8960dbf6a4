package dev.parley.core.usage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The ledger's read side, which the store implements: reports from the rollups and the raw rows for export. */
public interface UsageLedger {

    UsageReport report(UsageReportQuery query);

    /**
     * Up to {@code limit} raw rows {@code filter} selects, in start order (request id breaking ties), after
     * {@code after}: one page of an export.
     */
    List<UsageRecord> records(UsageFilter filter, Optional<Cursor> after, int limit);

    /** The raw row of one request, if it is (still) stored. */
    Optional<UsageRecord> record(String requestId);

    /** Where an export page ended: the last row's start and request id. */
    record Cursor(Instant startedAt, String requestId) {
        public Cursor {
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(requestId, "requestId");
        }

        public static Cursor of(UsageRecord row) {
            return new Cursor(row.startedAt(), row.requestId());
        }
    }
}
