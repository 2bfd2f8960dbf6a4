package dev.parley.server;

import dev.parley.core.tenancy.AuditEvent;
import dev.parley.core.tenancy.AuditLog;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes to the audit log. Authentication failures are appended by one thread of their own from a bounded queue:
 * the request path only hands the event over, so a slow or broken database never delays or fails a request, and a
 * flood of bad keys cannot grow memory without bound (events beyond the queue are counted and dropped, and the log
 * says so). Admin changes are appended by the admin call itself, on its worker thread, before it answers.
 */
final class AuditTrail implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    private static final int QUEUE = 10_000;

    private final Optional<AuditLog> log;
    /** An entry is kept for ever and read by every auditor: no secret may be in it, whoever wrote its details. */
    private final Redaction redaction;
    private final ThreadPoolExecutor appender;
    private final AtomicLong dropped = new AtomicLong();

    AuditTrail(Optional<AuditLog> log, Redaction redaction) {
        this.log = log;
        this.redaction = redaction;
        this.appender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                runnable -> {
                    Thread thread = new Thread(runnable, "parley-audit");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * A missing or invalid key, from {@code source} on {@code path} (the path only: a query may hold a key).
     * Never the presented key, not even a part of it.
     */
    void authFailure(Instant at, String source, String method, String path, String reason) {
        if (log.isEmpty()) {
            return;
        }
        ObjectNode details = AdminJson.object();
        details.put("reason", reason);
        details.put("method", method);
        details.put("path", path);
        AuditEvent event = new AuditEvent(at, "anonymous", "auth.failure", Optional.of(path), source, Optional.empty(),
                Optional.of(details.toString()));
        try {
            appender.execute(() -> append(event));
        } catch (RejectedExecutionException e) {
            if (dropped.incrementAndGet() % 1000 == 1) {
                LOG.warn("The audit log is behind: {} authentication failures were not recorded", dropped.get());
            }
        }
    }

    /** Appends an admin change now; blocks, so it is called on a worker thread. A failure is logged, not thrown. */
    void appendNow(AuditEvent event) {
        append(event);
    }

    private void append(AuditEvent written) {
        AuditEvent event = redacted(written);
        try {
            log.ifPresent(l -> l.append(event));
        } catch (RuntimeException e) {
            LOG.error("Could not append {} on {} to the audit log: {}", event.action(), event.target().orElse("-"),
                    e.toString());
        }
    }

    private AuditEvent redacted(AuditEvent event) {
        return new AuditEvent(event.at(), event.actor(), event.action(), event.target().map(redaction::redact),
                event.source(), event.before().map(redaction::redact), event.after().map(redaction::redact));
    }

    /** Appends what is queued (for a few seconds at most), then stops. */
    @Override
    public void close() {
        appender.shutdown();
        try {
            if (!appender.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("{} audit events were not written before shutdown", appender.getQueue().size());
                appender.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
