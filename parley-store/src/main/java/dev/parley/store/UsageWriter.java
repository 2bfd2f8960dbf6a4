package dev.parley.store;

import dev.parley.core.usage.LedgerDurability;
import dev.parley.core.usage.UsageRecord;
import dev.parley.core.usage.UsageSink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes usage rows off the request path: {@link #record} only queues a row, and one writer thread stores the
 * queue in batches of up to {@code batchSize} rows, waiting at most {@code flushInterval} to fill a batch. Rows the
 * database cannot take go to a local {@link UsageJournal} and are replayed from it when the database is back.
 *
 * <h2>Durability</h2>
 * <ul>
 *   <li>{@link LedgerDurability#BATCHED}: a row is acknowledged at once and durable once its batch commits (or is
 *       spilled to the journal). Until then it lives only in memory: in the queue or in the batch the writer holds.
 *       Those rows, and no others, are lost if the process dies without {@link #close()} (kill -9, out of memory,
 *       power loss): in steady state about one {@code flushInterval} of traffic, at most one batch.
 *   <li>{@link LedgerDurability#JOURNAL}: every batch is appended to the journal and forced to disk first, and
 *       only then are its rows acknowledged ({@link #recordAcknowledged}); the journal is then written to the
 *       database and its segments deleted. A crash loses no acknowledged row.
 *   <li>When the database fails, the batch is appended to the journal (forced to disk) and so is every batch
 *       after it: the writer is <em>spilling</em>, logs it once, and counts the rows in {@link #spilledRows()}.
 *       It tries to replay the journal, waiting 100 ms and doubling up to 5 s between attempts, for as long as
 *       the process lives; a replay that succeeds deletes the journal and ends the spill. A row is never given up
 *       because the database was unavailable, and the journal only holds rows while the database is away.
 *   <li>When the queue is full, {@code record} appends the row to the journal itself (without forcing it: the
 *       writer does that in its next round) rather than block or drop it.
 *   <li>Rows are stored exactly once: the repository skips request ids it already has, so a batch retried after an
 *       unclear commit, or a journal replayed again after a crash in the middle of its replay, counts nothing twice.
 *   <li>The only rows given up while running are those the database refuses as invalid data
 *       ({@link StoreException.Rejected}), which no retry can fix. The writer isolates them by writing the batch
 *       row by row, so the rest still gets in; they are counted in {@link #rejectedRows()} and logged by request
 *       id. A row is dropped (and counted) only if the journal itself fails while the queue is full.
 *   <li>A journal left by a crash is replayed when the writer is built, before it takes its first row.
 *   <li>If the journal itself cannot be written, rows stay in memory and go to the database directly, retried
 *       until it takes them; in journal mode they are acknowledged once committed.
 * </ul>
 *
 * <p>Log lines never contain row contents, except the request id of a rejected row.
 */
public final class UsageWriter implements UsageSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UsageWriter.class);
    private static final Duration DROP_WARNING_INTERVAL = Duration.ofSeconds(10);
    /** How long an idle writer sleeps before it looks for rows that {@code record} put in the journal itself. */
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** How long the writer sleeps between looks at the queue while a batch fills; see {@link #collect}. */
    private static final long FILL_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** How often the channel rollups past what the status page reads are deleted. */
    private static final long CHANNEL_PURGE_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final CompletableFuture<Void> ACKNOWLEDGED = CompletableFuture.completedFuture(null);

    /** What the queue carries: rows, and markers that make the writer write what it has and report back. */
    private sealed interface Entry {}

    private record Row(UsageRecord row, CompletableFuture<Void> ack) implements Entry {}

    private record Flush(CompletableFuture<Void> done) implements Entry {}

    /** The entries the writer takes in one go: one batch of rows, plus the flushes waiting for them. */
    private record Round(List<UsageRecord> rows, List<CompletableFuture<Void>> acks,
                         List<CompletableFuture<Void>> flushes) {
        static Round empty(int batchSize) {
            return new Round(new ArrayList<>(batchSize), new ArrayList<>(batchSize), new ArrayList<>());
        }

        void add(Entry entry) {
            switch (entry) {
                case Row row -> {
                    rows.add(row.row());
                    acks.add(row.ack());
                }
                case Flush flush -> flushes.add(flush.done());
            }
        }
    }

    private final BatchInserter inserter;
    private final UsageRepository repository;
    /** The writer thread's own: when the channel rollups are purged next (at once after a start). */
    private long nextChannelPurge = System.nanoTime();
    private final UsageJournal journal;
    private final LedgerDurability durability;
    private final int batchSize;
    private final Duration flushInterval;
    private final int queueCapacity;
    private final Backoff backoff;
    private final BlockingQueue<Entry> queue;
    private final Thread writer;

    private final AtomicInteger recordsInFlight = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set once no {@code record} call can add a row any more: the writer may stop when the queue is empty. */
    private volatile boolean noMoreRows;
    private final CountDownLatch abandoned = new CountDownLatch(1);
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    /** Set by {@code record} after it appended a row to the journal itself; the writer then forces and replays. */
    private final AtomicBoolean overflowed = new AtomicBoolean();
    /** Acknowledgements of rows that {@code record} appended to the journal, due after the writer's next force. */
    private final Queue<CompletableFuture<Void>> overflowAcks = new ConcurrentLinkedQueue<>();

    // The writer thread's own state.
    /** The journal may hold rows that are not in the database yet. */
    private boolean journalPending;
    /** The database failed and rows wait in the journal: logged once as it starts and once as it ends. */
    private boolean spilling;
    private long nextReplay = System.nanoTime();
    private Duration replayDelay;
    private int failedReplays;
    private final List<CompletableFuture<Void>> waitingFlushes = new ArrayList<>();

    private final LongAdder accepted = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final LongAdder spilled = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final AtomicLong nextDropWarning = new AtomicLong(System.nanoTime());
    private final AtomicLong nextOverflowWarning = new AtomicLong(System.nanoTime());

    /**
     * Replays whatever journal a previous run left in {@code journalFolder} (if the database takes it), then
     * starts the writer thread.
     */
    public UsageWriter(UsageRepository repository, Path journalFolder, LedgerDurability durability, int batchSize,
                       Duration flushInterval, int queueCapacity) {
        this(repository, UsageJournal.open(journalFolder), durability, batchSize, flushInterval, queueCapacity,
                Backoff.DEFAULT);
    }

    UsageWriter(UsageRepository repository, UsageJournal journal, LedgerDurability durability, int batchSize,
                Duration flushInterval, int queueCapacity, Backoff backoff) {
        if (batchSize < 1 || queueCapacity < 1 || !flushInterval.isPositive()) {
            throw new IllegalArgumentException("need batchSize >= 1, queueCapacity >= 1 and a positive flushInterval");
        }
        this.repository = Objects.requireNonNull(repository, "repository");
        this.inserter = new BatchInserter(repository);
        this.journal = Objects.requireNonNull(journal, "journal");
        this.durability = Objects.requireNonNull(durability, "durability");
        this.batchSize = batchSize;
        this.flushInterval = flushInterval;
        this.queueCapacity = queueCapacity;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.replayDelay = backoff.initial();
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        recoverLeftJournal();
        // A platform thread, as SQLite writes are native calls that would pin a virtual thread's carrier anyway.
        // A daemon, so that a writer nobody closed cannot keep the process from exiting; close() is the way to
        // not lose its rows.
        writer = Thread.ofPlatform().name("parley-usage-writer").daemon(true).start(this::run);
    }

    /** Queues the row. Never blocks and never throws; see {@link #recordAcknowledged}. */
    @Override
    public void record(UsageRecord row) {
        recordAcknowledged(row);
    }

    /**
     * Queues the row; the stage completes once the row is acknowledged: at once in {@link LedgerDurability#BATCHED}
     * mode, once the row is forced to the journal in {@link LedgerDurability#JOURNAL} mode. It completes (normally)
     * for a row that is dropped too, so that no response waits for ever.
     */
    @Override
    public CompletionStage<Void> recordAcknowledged(UsageRecord row) {
        // Announce the call before checking closed: close() waits for in-flight calls, so a row that passes the
        // check is in the queue before the writer may decide that the queue is empty for good.
        recordsInFlight.incrementAndGet();
        try {
            if (row == null) {
                drop("a null row");
                return ACKNOWLEDGED;
            }
            if (closed.get()) {
                drop("the writer is closed");
                return ACKNOWLEDGED;
            }
            CompletableFuture<Void> ack = switch (durability) {
                case BATCHED -> ACKNOWLEDGED;
                case JOURNAL -> new CompletableFuture<>();
            };
            accepted.increment();
            if (!queue.offer(new Row(row, ack))) {
                overflow(row, ack);
            }
            return ack;
        } finally {
            recordsInFlight.decrementAndGet();
        }
    }

    /**
     * Blocks until every row recorded before this call is in the database (or rejected), however long the database
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
            LockSupport.unpark(writer);
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
     * Refuses new rows, then writes every queued row (and the journal) to the database, waiting at most
     * {@code grace}. If the time runs out (or the calling thread is interrupted), the rows not in the database yet
     * are left in the journal, which the next writer on the same folder replays.
     *
     * @return the number of rows lost: neither in the database nor in the journal (0 unless the journal failed)
     */
    public long close(Duration grace) {
        if (closed.compareAndSet(false, true)) {
            while (recordsInFlight.get() > 0) {
                Thread.onSpinWait();
            }
            noMoreRows = true;
            // Wakes a writer idle on an empty queue. If the queue is full the writer is busy and needs no waking.
            queue.offer(new Flush(new CompletableFuture<>()));
            LockSupport.unpark(writer);
        }
        if (!awaitTermination(grace)) {
            abandoned.countDown();
            awaitTermination(ChronoUnit.FOREVER.getDuration());
        }
        return lost.sum();
    }

    /** Rows recorded (or left in the journal by an earlier run) that are neither in the database nor rejected. */
    public long pendingRows() {
        return Math.max(0, accepted.sum() - inserter.written() - inserter.rejected());
    }

    /** Rows committed to the database (a row whose request id was already stored counts too). */
    public long writtenRows() {
        return inserter.written();
    }

    /** Rows never kept: the writer was closed, or the queue was full and the journal failed too. */
    public long droppedRows() {
        return dropped.sum();
    }

    /** Rows the database refused as invalid; see the class comment. */
    public long rejectedRows() {
        return inserter.rejected();
    }

    /** Write attempts that failed (and were spilled or retried). */
    public long failedWrites() {
        return inserter.failedWrites();
    }

    /** Rows that went to the journal because the database was unavailable or the queue full. */
    public long spilledRows() {
        return spilled.sum();
    }

    /** Rows read back from the journal into the database. */
    public long replayedRows() {
        return replayed.sum();
    }

    /** Where the journal lives. */
    public Path journalFolder() {
        return journal.folder();
    }

    private void overflow(UsageRecord row, CompletableFuture<Void> ack) {
        try {
            journal.append(List.of(row));
            spilled.increment();
            if (ack != ACKNOWLEDGED) {
                overflowAcks.add(ack);
            }
            overflowed.set(true);
            warnAtMostEvery(nextOverflowWarning, "The usage queue is full ({} rows); spilling rows to the journal in {}",
                    queueCapacity, journal.folder());
        } catch (IOException | RuntimeException e) {
            accepted.decrement();
            drop("the queue is full and the journal failed (" + e.getMessage() + ")");
            ack.complete(null);
        }
    }

    private void drop(String reason) {
        dropped.increment();
        warnAtMostEvery(nextDropWarning, "Dropped a usage row because {}; {} dropped so far", reason, dropped.sum());
    }

    private static void warnAtMostEvery(AtomicLong nextWarning, String format, Object... arguments) {
        long now = System.nanoTime();
        long next = nextWarning.get();
        if (now - next >= 0 && nextWarning.compareAndSet(next, now + DROP_WARNING_INTERVAL.toNanos())) {
            log.warn(format, arguments);
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

    /** Runs on the constructing thread, so that a crash's journal is in the database before any request. */
    private void recoverLeftJournal() {
        try {
            if (journal.isEmpty()) {
                return;
            }
            long rows = 0;
            for (Path segment : journal.sealedSegments()) {
                rows += UsageJournal.read(segment).rows().size();
            }
            accepted.add(rows);
            log.info("Found {} usage row(s) in the journal in {}, left by an earlier run; replaying them",
                    rows, journal.folder());
            journalPending = true;
            replay();
        } catch (IOException e) {
            log.error("Cannot read the usage journal in {}: {}", journal.folder(), e.getMessage());
            journalPending = true;
        }
    }

    private void run() {
        try {
            while (!(noMoreRows && queue.isEmpty() && !journalPending) && !isAbandoned()) {
                Round round = collect();
                store(round);
                settle(round.flushes());
                purgeChannelRollupsWhenDue();
            }
            spillWhatIsLeft();
        } catch (InterruptedException e) {
            log.error("Usage writer interrupted; {} row(s) were not written to the database", pendingRows());
        } finally {
            journal.close();
            waitingFlushes.forEach(done -> done.complete(null));
            overflowAcks.forEach(ack -> ack.complete(null));
            terminated.complete(null);
        }
    }

    /**
     * Every ten minutes, between batches, while the database takes rows (never while they wait in the journal, so
     * that a database away does not hold the writer up twice): the channel rollups are small, and their purge is one
     * short transaction.
     */
    private void purgeChannelRollupsWhenDue() {
        if (journalPending || System.nanoTime() - nextChannelPurge < 0) {
            return;
        }
        nextChannelPurge = System.nanoTime() + CHANNEL_PURGE_NANOS;
        try {
            repository.purgeChannelRollups(Instant.now());
        } catch (StoreException e) {
            // The next purge deletes it; the status page reads only its windows whatever is left.
            log.debug("Purging channel rollups failed: {}", e.getMessage());
        }
    }

    /**
     * Waits for a first entry (no longer than until the next replay is due), then up to {@code flushInterval} for
     * a full batch; a flush cuts the wait short. The journal mode does not wait to fill a batch: its rows wait for
     * their acknowledgement, and the batch fills by itself while the disk works.
     *
     * <p>While a batch fills, the writer sleeps in slices of {@link #FILL_SLICE_NANOS} and takes what has queued
     * meanwhile, instead of waiting on the queue: a thread waiting on the queue is woken by every row, which cost a
     * system call on the recording event loop and a context switch on this thread per request. {@link #flush} and
     * {@link #close} wake it at once.
     */
    private Round collect() throws InterruptedException {
        Round round = Round.empty(batchSize);
        Entry first = queue.poll(firstWaitNanos(), TimeUnit.NANOSECONDS);
        if (first == null) {
            return round;
        }
        round.add(first);
        long deadline = System.nanoTime() + flushInterval.toNanos();
        List<Entry> taken = new ArrayList<>();
        while (round.rows().size() < batchSize && round.flushes().isEmpty()) {
            queue.drainTo(taken, batchSize - round.rows().size());
            taken.forEach(round::add);
            boolean gotSome = !taken.isEmpty();
            taken.clear();
            long left = noMoreRows || durability == LedgerDurability.JOURNAL ? 0 : deadline - System.nanoTime();
            if (round.rows().size() >= batchSize || !round.flushes().isEmpty() || (left <= 0 && !gotSome)) {
                break;
            }
            if (left > 0) {
                LockSupport.parkNanos(this, Math.min(left, FILL_SLICE_NANOS));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
        return round;
    }

    private long firstWaitNanos() {
        if (journalPending) {
            return Math.clamp(nextReplay - System.nanoTime(), 0, IDLE_POLL_NANOS);
        }
        return noMoreRows ? 0 : IDLE_POLL_NANOS;
    }

    /** Takes one round's rows as far as they can go now: the database, or the journal. */
    private void store(Round round) throws InterruptedException {
        if (overflowed.getAndSet(false)) {
            journalPending = true;
        }
        switch (durability) {
            // Once rows wait in the journal, new ones queue up behind them there, so that order is kept.
            case BATCHED -> spill(journalPending ? round.rows() : inserter.insert(round.rows()));
            case JOURNAL -> journalAndAcknowledge(round);
        }
        acknowledgeOverflow();
        if (journalPending && System.nanoTime() - nextReplay >= 0) {
            replay();
        }
    }

    /** The journal mode's first step: the rows are on disk before anyone hears they are recorded. */
    private void journalAndAcknowledge(Round round) throws InterruptedException {
        if (!round.rows().isEmpty()) {
            try {
                journal.append(round.rows());
                journal.force();
                journalPending = true;
            } catch (IOException e) {
                log.error("Cannot append {} usage row(s) to the journal in {}; writing them to the database directly: {}",
                        round.rows().size(), journal.folder(), e.getMessage());
                write(round.rows());
            }
        }
        round.acks().forEach(ack -> ack.complete(null));
    }

    /** Forces the rows {@code record} appended itself, then acknowledges them. */
    private void acknowledgeOverflow() {
        List<CompletableFuture<Void>> due = new ArrayList<>();
        for (CompletableFuture<Void> ack = overflowAcks.poll(); ack != null; ack = overflowAcks.poll()) {
            due.add(ack);
        }
        try {
            journal.force();
        } catch (IOException e) {
            log.error("Cannot force the usage journal in {}: {}", journal.folder(), e.getMessage());
        }
        due.forEach(ack -> ack.complete(null));
    }

    /** Appends rows the database could not take to the journal; only if that fails too, keeps retrying them. */
    private void spill(List<UsageRecord> rows) throws InterruptedException {
        if (rows.isEmpty()) {
            return;
        }
        try {
            journal.append(rows);
            journal.force();
            spilled.add(rows.size());
            journalPending = true;
            if (!spilling) {
                spilling = true;
                log.warn("Spilling usage rows to the journal in {} until the database takes them (it failed or fell"
                        + " behind)", journal.folder());
            }
        } catch (IOException e) {
            log.error("Cannot spill {} usage row(s) to the journal in {}; keeping them in memory: {}",
                    rows.size(), journal.folder(), e.getMessage());
            write(rows);
        }
    }

    /** Seals the journal and writes its segments to the database, oldest first, deleting each once it is in. */
    private void replay() {
        long rows = 0;
        try {
            journal.seal();
            for (Path file : journal.sealedSegments()) {
                UsageJournal.Segment segment = UsageJournal.read(file);
                if (segment.unreadable() > 0) {
                    log.warn("Skipped {} unreadable line(s) in usage journal segment {} (a write cut by a crash)",
                            segment.unreadable(), file.getFileName());
                }
                for (int from = 0; from < segment.rows().size(); from += batchSize) {
                    List<UsageRecord> chunk = segment.rows().subList(from, Math.min(segment.rows().size(), from + batchSize));
                    if (!inserter.insert(chunk).isEmpty()) {
                        replayFailed();
                        return;
                    }
                }
                journal.delete(file);
                rows += segment.rows().size();
                replayed.add(segment.rows().size());
            }
            journalPending = false;
            replayDelay = backoff.initial();
            nextReplay = System.nanoTime();
            if (spilling || failedReplays > 0) {
                log.info("The usage database is back: replayed the journal ({} row(s) this pass) after {} failed"
                        + " attempt(s); spilling stopped", rows, failedReplays);
            }
            spilling = false;
            failedReplays = 0;
        } catch (IOException e) {
            log.error("Cannot replay the usage journal in {}: {}", journal.folder(), e.getMessage());
            replayFailed();
        }
    }

    private void replayFailed() {
        failedReplays++;
        if (!spilling) {
            spilling = true;
            log.warn("The usage database is unavailable: keeping usage rows in the journal in {} until it is back",
                    journal.folder());
        }
        nextReplay = System.nanoTime() + replayDelay.toNanos();
        replayDelay = backoff.next(replayDelay);
    }

    /** Completes the flushes once everything recorded before them is in the database. */
    private void settle(List<CompletableFuture<Void>> flushes) {
        waitingFlushes.addAll(flushes);
        if (!journalPending && !overflowed.get()) {
            waitingFlushes.forEach(done -> done.complete(null));
            waitingFlushes.clear();
        }
    }

    /** After {@code close} gave up on the database: whatever is still queued goes to the journal for the next run. */
    private void spillWhatIsLeft() {
        List<UsageRecord> rows = new ArrayList<>();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (Entry entry = queue.poll(); entry != null; entry = queue.poll()) {
            if (entry instanceof Row row) {
                rows.add(row.row());
                acks.add(row.ack());
            }
        }
        try {
            journal.append(rows);
            journal.force();
            spilled.add(rows.size());
            if (journalPending || !rows.isEmpty()) {
                log.warn("Usage writer stopped with the database unavailable: {} row(s) stay in the journal in {}"
                        + " and are replayed at the next start", pendingRows(), journal.folder());
            }
        } catch (IOException e) {
            lost.add(rows.size());
            log.error("Usage writer stopped: {} row(s) could not be written anywhere and are lost: {}",
                    rows.size(), e.getMessage());
        }
        acks.forEach(ack -> ack.complete(null));
    }

    /** Returns once every row is written or rejected, or the writer was abandoned: used when the journal fails. */
    private void write(List<UsageRecord> rows) throws InterruptedException {
        List<UsageRecord> left = inserter.insert(rows);
        Duration delay = backoff.initial();
        while (!left.isEmpty()) {
            if (abandoned.await(delay.toNanos(), TimeUnit.NANOSECONDS)) {
                lost.add(left.size());
                return;
            }
            delay = backoff.next(delay);
            left = inserter.insert(left);
        }
    }

    private boolean isAbandoned() {
        return abandoned.getCount() == 0;
    }

    private static long saturatedNanos(Duration duration) {
        return duration.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : duration.toNanos();
    }
}
