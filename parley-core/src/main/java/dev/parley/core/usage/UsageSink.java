package dev.parley.core.usage;

/**
 * Where the server hands finished usage rows. Implementations must never block the caller: the server calls
 * this on an event loop. The store's writer queues rows and writes them in batches.
 */
@FunctionalInterface
public interface UsageSink {
    void record(UsageRecord row);
}
