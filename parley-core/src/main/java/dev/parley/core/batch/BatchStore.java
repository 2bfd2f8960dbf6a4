package dev.parley.core.batch;

import dev.parley.core.deadletter.DeadLetter;
import dev.parley.core.deadletter.Failure;
import dev.parley.core.tenancy.Page;
import dev.parley.core.tenancy.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The store's side of batch jobs: files, batches and their items. Every method blocks. An item is claimed with a
 * lease by one runner at a time, and its result is written, with its dead letter when it failed, in the one
 * transaction that marks it finished, and only by the runner that holds it: so a finished item is never run again,
 * and an item whose runner died runs again once its lease has ended.
 */
public interface BatchStore {

    /** Keeps an uploaded input file and its bytes. */
    void addFile(BatchFile file, byte[] content);

    Optional<BatchFile> file(String id);

    /** A key's files, newest first: a keyset page by id, after {@code page.after()}. */
    Page<BatchFile> files(String keyScope, Optional<FileKind> kind, PageRequest page);

    /** An input file's bytes. */
    Optional<byte[]> content(String fileId);

    /**
     * Up to {@code limit} lines of the batch's output or error file after line {@code afterLine} (0 for the first),
     * in the input file's order.
     */
    List<Line> lines(String batchId, FileKind kind, int afterLine, int limit);

    /** Deletes a file; returns whether there was one. */
    boolean deleteFile(String id);

    /** Makes a batch and one pending item per request, at once. */
    void createBatch(Batch batch, List<BatchRequest> requests);

    Optional<Batch> batch(String id);

    /** A key's batches, newest first: a keyset page by id. */
    Page<Batch> batches(String keyScope, PageRequest page);

    /**
     * Asks a batch to stop: a running one becomes {@code cancelling} (its running items finish, the others do not
     * run). Returns the batch as it then is; empty when there is none.
     */
    Optional<Batch> cancel(String id, Instant at);

    /** Ids of every batch the runner still has something to do for. */
    List<String> activeBatches();

    /**
     * Claims up to {@code limit} of the batch's items that are due (pending and past their retry time, or running
     * with a lease that has ended) for {@code runner} until {@code leaseUntil}, keeping the batch's items in flight
     * within {@code concurrency} over every runner; a batch that is not claimable gives none. The first claim of a
     * batch moves it to {@code in_progress}.
     */
    List<ClaimedItem> claim(String batchId, String runner, int limit, int concurrency, Instant now,
                            Instant leaseUntil);

    /**
     * Finishes an item {@code runner} holds: its state, its line, the request id of its answer, and for a failed
     * item its dead letter, in one transaction. Returns false (and changes nothing) when the runner no longer holds
     * it.
     */
    boolean finish(ClaimedItem item, String runner, ItemState state, String line, Optional<String> requestId,
                   Optional<DeadLetter> letter, Instant at);

    /** Puts an item {@code runner} holds back, due again at {@code notBefore}, with its tries' history so far. */
    boolean retryLater(ClaimedItem item, String runner, Instant notBefore, List<Failure> failures);

    /** Extends the lease of every item {@code runner} holds; returns how many it holds. */
    int renew(String runner, Instant leaseUntil);

    /** Gives back every item {@code runner} holds, due at once (an orderly stop). */
    int release(String runner);

    /**
     * Ends the batch if {@link BatchLifecycle} says so, at {@code now}: its pending items become the leftover state
     * with their lines, its output and error files are made (with the ids given, when it has such lines), and its
     * status becomes final. Returns the batch when it ended.
     */
    Optional<Batch> settle(String batchId, Instant now, String outputFileId, String errorFileId);

    /** One line of a batch's output or error file. */
    record Line(int line, String text) {
    }
}
