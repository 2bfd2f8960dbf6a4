package dev.parley.core.usage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where the server hands finished usage rows. Implementations must never block the caller: the server calls
 * this on an event loop. The store's writer queues rows and writes them in batches.
 */
@FunctionalInterface
public interface UsageSink {

    void record(UsageRecord row);

    /**
     * Records the row; the stage completes once the row is acknowledged (see {@link LedgerDurability}), possibly on
     * another thread. The server ends the client's response only then. A sink that acknowledges nothing beyond
     * taking the row completes at once. The stage never fails: a row the sink cannot keep is its own to report.
     */
    default CompletionStage<Void> recordAcknowledged(UsageRecord row) {
        record(row);
        return CompletableFuture.completedStage(null);
    }
}
