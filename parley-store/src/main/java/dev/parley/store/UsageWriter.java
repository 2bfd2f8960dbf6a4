package dev.parley.store;

import dev.parley.core.usage.UsageRecord;
import dev.parley.core.usage.UsageSink;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes usage rows off the request path: {@link #record} only queues a row, and one writer thread stores the
 * queue in batches of up to {@code batchSize} rows, waiting at most {@code flushInterval} to fill a batch.
 *
 * <h2>Durability</h2>
 * <ul>
 *   <li>A row is durable once its batch commits (see {@link #writtenRows()}). Until then it lives only in memory:
 *       in the queue (at most {@code queueCapacity} rows) or in the batch the writer holds (at most
 *       {@code batchSize} rows). Those rows, and no others, are lost if the process dies without {@link #close()}
 *       (kill -9, out of memory, power loss). In steady state that is about one {@code flushInterval} of traffic;
 *       during a database outage it grows up to {@code queueCapacity + batchSize} rows.
 *   <li>When the database fails, the writer keeps the batch and retries it, waiting 100 ms and doubling up to
 *       5 s between attempts, for as long as the process lives. A row is never given up because the database was
 *       unavailable.
 *   <li>The only rows given up while running are those the database refuses as invalid data
 *       ({@link StoreException.Rejected}), which no retry can fix. The writer isolates them by writing the batch
 *       row by row, so the rest still gets in; they are counted in {@link #rejectedRows()} and logged by request
 *       id.
 *   <li>When the queue is full, which takes {@code queueCapacity} rows of backlog (in practice: an outage),
 *       {@code record} drops the row rather than block the event loop, counts it in {@link #droppedRows()} and
 *       warns at most every ten seconds. Size the queue for the outage to ride out: capacity divided by the
 *       request rate is how long that is; a row takes about half a kilobyte of heap.
 *   <li>A batch may be retried after a commit whose outcome was unclear; the repository skips request ids it
 *       already has, so every row is stored exactly once.
 * </ul>
 *
 * <p>Log lines never contain row contents, except the request id of a rejected row.
 */
public final class UsageWriter implements UsageSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UsageWriter.class);
    private static final Duration DROP_WARNING_INTERVAL = Duration.ofSeconds(10);

    /** What the queue carries: rows, and markers that make the writer write what it has and report back. */
    private sealed interface Entry {}

    private record Row(UsageRecord row) implements Entry {}

    private record Flush(CompletableFuture<Void> done) implements Entry {}

    /** The entries the writer takes in one go: one batch of rows, plus the flushes waiting for them. */
    private record Round(List<UsageRecord> rows, List<CompletableFuture<Void>> flushes) {
        void add(Entry entry) {
            switch (entry) {
                case Row row -> rows.add(row.row());
                case Flush flush -> flushes.add(flush.done());
            }
        }
    }

    private final UsageRepository repository;
    private final int batchSize;
    private final Duration flushInterval;
    private final int queueCapacity;
    private final Backoff backoff;
    private final BlockingQueue<Entry> queue;

    private final AtomicInteger recordsInFlight = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set once no {@code record} call can add a row any more: the writer may stop when the queue is empty. */
    private volatile boolean noMoreRows;
    private final CountDownLatch abandoned = new CountDownLatch(1);
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    private final LongAdder accepted = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failedWrites = new LongAdder();
    private final AtomicLong nextDropWarning = new AtomicLong(System.nanoTime());

    public UsageWriter(UsageRepository repository, int batchSize, Duration flushInterval, int queueCapacity) {
        this(repository, batchSize, flushInterval, queueCapacity, Backoff.DEFAULT);
    }

    UsageWriter(UsageRepository repository, int batchSize, Duration flushInterval, int queueCapacity, Backoff backoff) {
        if (batchSize < 1 || queueCapacity < 1 || !flushInterval.isPositive()) {
            throw new IllegalArgumentException("need batchSize >= 1, queueCapacity >= 1 and a positive flushInterval");
        }
        this.repository = Objects.requireNonNull(repository, "repository");
        this.batchSize = batchSize;
        this.flushInterval = flushInterval;
        this.queueCapacity = queueCapacity;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        // A platform thread, as SQLite writes are native calls that would pin a virtual thread's carrier anyway.
        // A daemon, so that a writer nobody closed cannot keep the process from exiting; close() is the way to
        // not lose its rows.
        Thread.ofPlatform().name("parley-usage-writer").daemon(true).start(this::run);
    }

    /** Queues the row. Never blocks and never throws: a row that cannot be queued is counted as dropped. */
    @Override
    public void record(UsageRecord row) {
        // Announce the call before checking closed: close() waits for in-flight calls, so a row that passes the
        // check is in the queue before the writer may decide that the queue is empty for good.
        recordsInFlight.incrementAndGet();
        try {
            if (row == null) {
                drop("a null row");
            } else if (closed.get()) {
                drop("the writer is closed");
            } else {
                accepted.increment();
                if (!queue.offer(new Row(row))) {
                    accepted.decrement();
                    drop("the queue is full");
                }
            }
        } finally {
            recordsInFlight.decrementAndGet();
        }
    }

    /**
     * Blocks until every row recorded before this call is written (or rejected), however long the database
     * takes. Returns early only if the writer stops first: after {@link #close(Duration)} gave up, or when the
     * calling thread is interrupted.
     */
    public void flush() {
        Flush marker = new Flush(new CompletableFuture<>());
        try {
            while (!queue.offer(marker, 50, TimeUnit.MILLISECONDS)) {
                if (terminated.isDone()) {
                    return;
                }
            }
            CompletableFuture.anyOf(marker.done(), terminated).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("usage writer failed", e);
        }
    }

    /** Refuses new rows, writes every queued row and returns; waits as long as the database needs. */
    @Override
    public void close() {
        close(ChronoUnit.FOREVER.getDuration());
    }

    /**
     * Refuses new rows, then writes every queued row, waiting at most {@code grace}. If the time runs out (or the
     * calling thread is interrupted) the writer stops: the rows it had not written are lost, logged and returned.
     *
     * @return the number of rows that were not written: 0 after a clean shutdown
     */
    public long close(Duration grace) {
        if (closed.compareAndSet(false, true)) {
            while (recordsInFlight.get() > 0) {
                Thread.onSpinWait();
            }
            noMoreRows = true;
            // Wakes a writer idle on an empty queue. If the queue is full the writer is busy and needs no waking.
            queue.offer(new Flush(new CompletableFuture<>()));
        }
        if (!awaitTermination(grace)) {
            abandoned.countDown();
            log.error("Usage writer stopped after {}: {} recorded row(s) were not written and are lost",
                    grace, pendingRows());
        }
        return pendingRows();
    }

    /** Rows recorded but neither written nor rejected yet. */
    public long pendingRows() {
        return Math.max(0, accepted.sum() - written.sum() - rejected.sum());
    }

    /** Rows committed to the database (a row whose request id was already stored counts too). */
    public long writtenRows() {
        return written.sum();
    }

    /** Rows never queued: the queue was full or the writer closed. */
    public long droppedRows() {
        return dropped.sum();
    }

    /** Rows the database refused as invalid; see the class comment. */
    public long rejectedRows() {
        return rejected.sum();
    }

    /** Write attempts that failed and were retried. */
    public long failedWrites() {
        return failedWrites.sum();
    }

    private void drop(String reason) {
        dropped.increment();
        long now = System.nanoTime();
        long next = nextDropWarning.get();
        if (now - next >= 0 && nextDropWarning.compareAndSet(next, now + DROP_WARNING_INTERVAL.toNanos())) {
            log.warn("Dropped a usage row because {}; {} dropped so far (queue capacity {} rows)",
                    reason, dropped.sum(), queueCapacity);
        }
    }

    private boolean awaitTermination(Duration grace) {
        try {
            terminated.get(saturatedNanos(grace), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("usage writer failed", e);
        }
    }

    private void run() {
        try {
            while (!(noMoreRows && queue.isEmpty()) && !isAbandoned()) {
                Round round = collect();
                write(round.rows());
                round.flushes().forEach(done -> done.complete(null));
            }
        } catch (InterruptedException e) {
            log.error("Usage writer interrupted; {} recorded row(s) were not written", pendingRows());
        } finally {
            terminated.complete(null);
        }
    }

    /** Waits for a first entry, then up to {@code flushInterval} for a full batch; a flush cuts the wait short. */
    private Round collect() throws InterruptedException {
        Round round = new Round(new ArrayList<>(batchSize), new ArrayList<>());
        round.add(queue.take());
        long deadline = System.nanoTime() + flushInterval.toNanos();
        while (round.rows().size() < batchSize && round.flushes().isEmpty()) {
            long left = noMoreRows ? 0 : deadline - System.nanoTime();
            Entry next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                break;
            }
            round.add(next);
        }
        return round;
    }

    /** Returns once every row is written or rejected, or the writer was abandoned. */
    private void write(List<UsageRecord> rows) throws InterruptedException {
        List<UsageRecord> left = attempt(rows);
        Duration delay = backoff.initial();
        int failures = 0;
        while (!left.isEmpty()) {
            failures++;
            if (abandoned.await(delay.toNanos(), TimeUnit.NANOSECONDS)) {
                return;
            }
            delay = backoff.next(delay);
            left = attempt(left);
        }
        if (failures > 0) {
            log.info("Usage writes recovered after {} failed attempt(s)", failures);
        }
    }

    /** Tries once; returns the rows still to write. */
    private List<UsageRecord> attempt(List<UsageRecord> rows) {
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
                    log.warn("Writing {} usage row(s) failed; keeping them to retry: {}", rows.size(), e.getMessage());
                    yield rows;
                }
            };
        } catch (RuntimeException e) {
            // A bug rather than the database; the rows are kept and retried all the same.
            failedWrites.increment();
            log.error("Writing {} usage row(s) failed unexpectedly; keeping them to retry", rows.size(), e);
            return rows;
        }
    }

    /** Finds the rows a refused batch can still store, by writing it one row at a time. */
    private List<UsageRecord> oneByOne(List<UsageRecord> rows) {
        for (int i = 0; i < rows.size(); i++) {
            if (!attempt(List.of(rows.get(i))).isEmpty()) {
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

    private boolean isAbandoned() {
        return abandoned.getCount() == 0;
    }

    private static long saturatedNanos(Duration duration) {
        return duration.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : duration.toNanos();
    }
}
