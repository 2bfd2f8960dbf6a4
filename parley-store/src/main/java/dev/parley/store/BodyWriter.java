package dev.parley.store;

import dev.parley.core.usage.BodyLog;
import dev.parley.core.usage.CapturedBodies;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes kept bodies off the request path: {@link #keep} only queues them, one thread stores the queue in batches
 * and, once an hour, purges bodies older than their retention. Bodies are a diagnostic aid, not the ledger: when the
 * queue is full or the database refuses a batch they are dropped and counted ({@link #droppedBodies()}), never
 * spilled to disk or retried, so that they cannot hold up or outlive what they describe. Logged once per outage.
 */
public final class BodyWriter implements BodyLog, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BodyWriter.class);
    static final int BATCH = 50;
    static final Duration PURGE_EVERY = Duration.ofHours(1);

    private final BodyRepository repository;
    private final Duration retention;
    private final Clock clock;
    private final BlockingQueue<CapturedBodies> queue;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LongAdder written = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder purged = new LongAdder();
    /** Bodies taken into the queue, and (under this object's monitor) those the writer has finished with. */
    private final AtomicLong queued = new AtomicLong();
    private long handled;
    /** The writer thread's own: whether the last batch failed (to log once per outage), and the next purge. */
    private boolean failing;
    private Instant nextPurge = Instant.MIN;

    public BodyWriter(BodyRepository repository, Duration retention, int queueCapacity, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.thread = Thread.ofPlatform().name("parley-bodies").daemon().start(this::run);
    }

    @Override
    public void keep(CapturedBodies bodies) {
        if (closed.get() || !queue.offer(bodies)) {
            dropped.increment();
        } else {
            queued.incrementAndGet();
        }
    }

    @Override
    public Optional<CapturedBodies> find(String requestId) {
        return repository.find(requestId);
    }

    /** Bodies stored so far. */
    public long writtenBodies() {
        return written.sum();
    }

    /** Bodies given up: queue full, database failing, or taken after close. */
    public long droppedBodies() {
        return dropped.sum();
    }

    /** Bodies deleted by retention so far. */
    public long purgedBodies() {
        return purged.sum();
    }

    /** Blocks until every body queued before the call is stored or given up. For tests. */
    public void flush() {
        long target = queued.get();
        synchronized (this) {
            while (handled < target && thread.isAlive()) {
                try {
                    wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            // Not interrupted: the writer sees the flag within a poll and stores what is queued first.
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        List<CapturedBodies> batch = new ArrayList<>(BATCH);
        while (!closed.get() || !queue.isEmpty()) {
            // First, so that a start purges what expired while Parley was down before it stores anything.
            purgeWhenDue();
            try {
                CapturedBodies first = queue.poll(1, TimeUnit.SECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                    store(batch);
                    synchronized (this) {
                        handled += batch.size();
                        notifyAll();
                    }
                    batch.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void store(List<CapturedBodies> batch) {
        try {
            repository.insert(batch);
            written.add(batch.size());
            if (failing) {
                failing = false;
                LOG.info("Request bodies are stored again");
            }
        } catch (StoreException e) {
            dropped.add(batch.size());
            if (!failing) {
                failing = true;
                LOG.warn("Request bodies cannot be stored and are dropped until the database takes them: {}",
                        e.getMessage());
            }
        }
    }

    private void purgeWhenDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextPurge)) {
            return;
        }
        nextPurge = now.plus(PURGE_EVERY);
        try {
            long deleted = repository.purgeBefore(now.minus(retention));
            purged.add(deleted);
            if (deleted > 0) {
                LOG.info("Purged {} kept request bodies older than {}", deleted, retention);
            }
        } catch (StoreException e) {
            LOG.warn("Purging kept request bodies failed, retried in {}: {}", PURGE_EVERY, e.getMessage());
        }
    }
}
