package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import java.time.Duration;
import java.util.Objects;

/**
 * How batch jobs ({@code /v1/files}, {@code /v1/batches}) are taken and run ({@code batches}).
 *
 * @param maxFileBytes the largest input file a client may upload
 * @param maxItems     the most requests one input file may hold
 * @param concurrency  the most items of one batch in flight at once, over every replica sharing the store
 * @param workers      the most items this instance runs at once, over every batch
 * @param lease        how long a running item is held by its instance without a renewal; past it (the instance was
 *                     killed, say) the item runs again. Renewed every third of it while the item runs
 * @param pollInterval how often the runner looks for work it was not told of (another replica's batch, a lease that
 *                     ran out, an item whose retry is due)
 * @param itemTimeout  the longest one item's request may take, its waits and retries included
 */
public record BatchSettings(long maxFileBytes, int maxItems, int concurrency, int workers, Duration lease,
                            Duration pollInterval, Duration itemTimeout) {

    public static final long DEFAULT_MAX_FILE_BYTES = 100L * 1024 * 1024;
    public static final long MIN_MAX_FILE_BYTES = 1024;
    /** Files are read whole into memory at upload, so their size stays well within a Java array. */
    public static final long MAX_MAX_FILE_BYTES = 1024L * 1024 * 1024;
    public static final int DEFAULT_MAX_ITEMS = 50_000;
    public static final int MAX_MAX_ITEMS = 1_000_000;
    public static final int DEFAULT_CONCURRENCY = 4;
    public static final int MAX_CONCURRENCY = 1_000;
    public static final int DEFAULT_WORKERS = 16;
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);
    public static final Duration MIN_LEASE = Duration.ofSeconds(1);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    public static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(10);
    public static final Duration DEFAULT_ITEM_TIMEOUT = Duration.ofMinutes(10);

    public static final BatchSettings DEFAULTS = new BatchSettings(DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_ITEMS,
            DEFAULT_CONCURRENCY, DEFAULT_WORKERS, DEFAULT_LEASE, DEFAULT_POLL_INTERVAL, DEFAULT_ITEM_TIMEOUT);

    public BatchSettings {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(itemTimeout, "itemTimeout");
        check(maxFileBytes >= MIN_MAX_FILE_BYTES && maxFileBytes <= MAX_MAX_FILE_BYTES,
                "maxFileBytes must be from 1KiB to 1GiB");
        check(maxItems >= 1 && maxItems <= MAX_MAX_ITEMS, "maxItems must be from 1 to 1000000");
        check(concurrency >= 1 && concurrency <= MAX_CONCURRENCY, "concurrency must be from 1 to 1000");
        check(workers >= 1 && workers <= MAX_CONCURRENCY, "workers must be from 1 to 1000");
        check(lease.compareTo(MIN_LEASE) >= 0, "lease must be at least 1s");
        check(pollInterval.compareTo(MIN_POLL_INTERVAL) >= 0, "pollInterval must be at least 10ms");
        check(itemTimeout.isPositive(), "itemTimeout must be positive");
    }
}
