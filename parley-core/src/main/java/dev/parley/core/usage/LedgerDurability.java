package dev.parley.core.usage;

/** When a usage row counts as acknowledged, and so what a crash of the process (kill -9) can lose. */
public enum LedgerDurability {
    /**
     * A row is acknowledged when its batch commits to the database. The client's response does not wait for it;
     * a crash loses the rows still queued in memory: about one flush interval of traffic, at most one batch plus
     * the queue.
     */
    BATCHED,
    /**
     * A row is acknowledged when it is appended to the journal file and forced to disk, and the end of the
     * client's response waits for that (off the event loop). A crash loses no row of a response that ended.
     */
    JOURNAL
}
