package dev.parley.app;

import dev.parley.store.BodyWriter;
import dev.parley.store.UsageWriter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The usage ledger's writer on {@code /metrics}: rows written, spilled to the journal and replayed from it, refused
 * by the database, and those waiting to be written. A growing {@code parley_ledger_pending_rows} or any
 * {@code parley_ledger_failed_writes_total} means the database is falling behind or away.
 */
final class LedgerMetrics {

    private LedgerMetrics() {
    }

    static void bind(MeterRegistry registry, UsageWriter writer) {
        counter(registry, "parley.ledger.written", "Usage rows the database took", writer, UsageWriter::writtenRows);
        counter(registry, "parley.ledger.spilled", "Usage rows spilled to the journal", writer, UsageWriter::spilledRows);
        counter(registry, "parley.ledger.replayed", "Usage rows replayed from the journal", writer,
                UsageWriter::replayedRows);
        counter(registry, "parley.ledger.rejected", "Usage rows the database refused as invalid", writer,
                UsageWriter::rejectedRows);
        FunctionCounter.builder("parley.ledger.failed.writes", writer, w -> w.failedWrites())
                .description("Batch writes that failed and were kept to retry").register(registry);
        Gauge.builder("parley.ledger.pending", writer, w -> w.pendingRows()).baseUnit("rows")
                .description("Usage rows not written to the database yet").register(registry);
    }

    /** Kept request bodies: stored, dropped (queue full or database failing) and purged by retention. */
    static void bind(MeterRegistry registry, BodyWriter writer) {
        FunctionCounter.builder("parley.bodies.written", writer, BodyWriter::writtenBodies)
                .description("Kept request bodies stored").register(registry);
        FunctionCounter.builder("parley.bodies.dropped", writer, BodyWriter::droppedBodies)
                .description("Kept request bodies given up (queue full or database failing)").register(registry);
        FunctionCounter.builder("parley.bodies.purged", writer, BodyWriter::purgedBodies)
                .description("Kept request bodies deleted by retention").register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, UsageWriter writer,
                                ToDoubleFunction<UsageWriter> value) {
        FunctionCounter.builder(name, writer, value).baseUnit("rows").description(description).register(registry);
    }
}
