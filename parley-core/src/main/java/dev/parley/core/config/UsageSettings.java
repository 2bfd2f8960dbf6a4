package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import dev.parley.core.usage.LedgerDurability;
import java.time.Duration;
import java.util.Objects;

/**
 * How usage rows are written: queued in memory and flushed in batches, so that recording usage never adds a
 * database write to a request's latency.
 *
 * @param batchSize rows per write
 * @param flushInterval the longest a row waits for its batch to fill
 * @param queueCapacity rows held in memory before new ones spill to the journal; at least one batch
 * @param durability when a row counts as acknowledged, and so what a crash can lose
 * @param retention how long raw rows and hourly rollups are kept
 */
public record UsageSettings(int batchSize, Duration flushInterval, int queueCapacity, LedgerDurability durability,
                            RetentionSettings retention, BodySettings bodies) {

    /**
     * A transaction's fixed costs (the rollups' upserts, the pages of the ledger's indexes written back, the
     * commit) are shared by its rows: at 100 rows a batch the ledger cost SQLite 1.1 page writes and about 55 µs of
     * the writer's CPU per request under load, at 1,000 rows 0.5 and about 30. The flush interval still bounds a
     * row's wait.
     */
    public static final int DEFAULT_BATCH_SIZE = 1000;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(200);
    public static final int DEFAULT_QUEUE_CAPACITY = 100_000;

    public static final LedgerDurability DEFAULT_DURABILITY = LedgerDurability.BATCHED;

    public static final UsageSettings DEFAULTS =
            new UsageSettings(DEFAULT_BATCH_SIZE, DEFAULT_FLUSH_INTERVAL, DEFAULT_QUEUE_CAPACITY, DEFAULT_DURABILITY,
                    RetentionSettings.FOREVER, BodySettings.DEFAULTS);

    public UsageSettings {
        Objects.requireNonNull(flushInterval, "flushInterval");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(bodies, "bodies");
        check(batchSize >= 1, "batchSize must be at least 1");
        check(flushInterval.isPositive(), "flushInterval must be positive");
        check(queueCapacity >= batchSize, "queueCapacity must be at least batchSize");
    }

    /** Bodies (when a key asks for them) kept for the default period. */
    public UsageSettings(int batchSize, Duration flushInterval, int queueCapacity, LedgerDurability durability,
                         RetentionSettings retention) {
        this(batchSize, flushInterval, queueCapacity, durability, retention, BodySettings.DEFAULTS);
    }

    /** Kept forever, the default. */
    public UsageSettings(int batchSize, Duration flushInterval, int queueCapacity, LedgerDurability durability) {
        this(batchSize, flushInterval, queueCapacity, durability, RetentionSettings.FOREVER);
    }

    /** Batched durability, the default. */
    public UsageSettings(int batchSize, Duration flushInterval, int queueCapacity) {
        this(batchSize, flushInterval, queueCapacity, DEFAULT_DURABILITY);
    }
}
