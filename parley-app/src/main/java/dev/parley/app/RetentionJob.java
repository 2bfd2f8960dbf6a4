package dev.parley.app;

import dev.parley.core.config.RetentionSettings;
import dev.parley.store.StoreException;
import dev.parley.store.UsageRetention;
import dev.parley.store.UsageRetention.Deleted;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code usage.retention}: once at start-up and then daily, on a thread of its own, deletes the raw usage
 * rows and hourly rollups older than their periods and logs what it deleted. Not started when everything is kept.
 */
final class RetentionJob implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
    static final Duration EVERY = Duration.ofDays(1);

    private final UsageRetention store;
    private final RetentionSettings retention;
    private final Clock clock;
    private final Optional<ScheduledExecutorService> scheduler;

    private RetentionJob(UsageRetention store, RetentionSettings retention, Clock clock,
                         Optional<ScheduledExecutorService> scheduler) {
        this.store = store;
        this.retention = retention;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /** Runs now (in the background) and every day after; does nothing when {@code retention} keeps everything. */
    static RetentionJob start(UsageRetention store, RetentionSettings retention, Clock clock) {
        if (retention.keepsEverything()) {
            return new RetentionJob(store, retention, clock, Optional.empty());
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("parley-retention").daemon().factory());
        RetentionJob job = new RetentionJob(store, retention, clock, Optional.of(scheduler));
        scheduler.scheduleWithFixedDelay(job::runLogged, 0, EVERY.toSeconds(), TimeUnit.SECONDS);
        return job;
    }

    /** One pass: deletes what is older than each period at this moment. */
    Deleted run() {
        Instant now = clock.instant();
        long raw = retention.raw().map(keep -> store.deleteRawBefore(now.minus(keep))).orElse(0L);
        long hourly = retention.hourly().map(keep -> store.deleteHourlyBefore(now.minus(keep))).orElse(0L);
        return new Deleted(raw, hourly);
    }

    private void runLogged() {
        try {
            Deleted deleted = run();
            LOG.info("Usage retention: deleted {} raw usage row(s) and {} hourly rollup row(s) older than the"
                    + " configured periods (raw: {}, hourly: {})", deleted.raw(), deleted.hourly(),
                    retention.raw().map(RetentionJob::days).orElse("kept"),
                    retention.hourly().map(RetentionJob::days).orElse("kept"));
        } catch (StoreException e) {
            // The next pass tries again; what was deleted stays deleted, and nothing is half-deleted.
            LOG.warn("Usage retention failed, retried in {}: {}", days(EVERY), e.getMessage());
        }
    }

    private static String days(Duration period) {
        return period.toHours() % 24 == 0 ? period.toDays() + "d" : period.toHours() + "h";
    }

    @Override
    public void close() {
        scheduler.ifPresent(s -> {
            s.shutdownNow();
            try {
                s.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
