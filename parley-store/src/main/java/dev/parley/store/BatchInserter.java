package dev.parley.store;

import dev.parley.core.usage.UsageRecord;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts a batch of usage rows once, isolating the rows the database refuses as invalid so that the rest still
 * gets in, and counts what was written, rejected and failed.
 */
final class BatchInserter {

    private static final Logger log = LoggerFactory.getLogger(BatchInserter.class);

    private final UsageRepository repository;
    private final LongAdder written = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder failedWrites = new LongAdder();

    BatchInserter(UsageRepository repository) {
        this.repository = repository;
    }

    /** Tries once; returns the rows still to write (from the first one the database could not take). */
    List<UsageRecord> insert(List<UsageRecord> rows) {
        if (rows.isEmpty()) {
            return rows;
        }
        try {
            repository.insertBatch(rows);
            written.add(rows.size());
            return List.of();
        } catch (StoreException e) {
            return switch (e) {
                case StoreException.Rejected rejection ->
                        rows.size() == 1 ? reject(rows.getFirst(), rejection) : oneByOne(rows);
                case StoreException.Unavailable failure -> {
                    failedWrites.increment();
                    log.warn("Writing {} usage row(s) failed: {}", rows.size(), e.getMessage());
                    yield rows;
                }
            };
        } catch (RuntimeException e) {
            // A bug rather than the database; the rows are kept all the same.
            failedWrites.increment();
            log.error("Writing {} usage row(s) failed unexpectedly", rows.size(), e);
            return rows;
        }
    }

    /** Rows committed (a row whose request id was already stored counts too). */
    long written() {
        return written.sum();
    }

    long rejected() {
        return rejected.sum();
    }

    long failedWrites() {
        return failedWrites.sum();
    }

    /** Finds the rows a refused batch can still store, by writing it one row at a time. */
    private List<UsageRecord> oneByOne(List<UsageRecord> rows) {
        for (int i = 0; i < rows.size(); i++) {
            if (!insert(List.of(rows.get(i))).isEmpty()) {
                return List.copyOf(rows.subList(i, rows.size()));
            }
        }
        return List.of();
    }

    private List<UsageRecord> reject(UsageRecord row, StoreException.Rejected rejection) {
        rejected.increment();
        // The request id is the one field logged: without it the lost row could not be traced.
        log.error("The database refused usage row {}; it is dropped: {}", row.requestId(), rejection.getMessage());
        return List.of();
    }
}
