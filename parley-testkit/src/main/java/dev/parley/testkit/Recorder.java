package dev.parley.testkit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Everything the fake saw and did, written from the event loop and read from test threads.
 *
 * <p>Counts are exact forever; the lists keep only the most recent {@code retained} entries, so that a fake left
 * running under a benchmark does not grow without bound. Each exchange remembers the epoch it started in; a reset
 * starts a new epoch, so a stream still running from the previous test cannot leak into the next one.
 */
final class Recorder {

    private final int retained;
    private final Deque<RecordedRequest> requests = new ArrayDeque<>();
    private final Deque<Served> served = new ArrayDeque<>();
    private final Deque<HangUp> hangUps = new ArrayDeque<>();
    private long requestCount;
    private long servedCount;
    private long hangUpCount;
    private Usage tokensServed = Usage.ZERO;
    private long epoch;

    Recorder(int retained) {
        this.retained = retained;
    }

    /** Records the request and returns the epoch the exchange belongs to. */
    synchronized long request(RecordedRequest request) {
        keep(requests, request);
        requestCount++;
        notifyAll();
        return epoch;
    }

    synchronized void served(long exchangeEpoch, Served reply) {
        if (exchangeEpoch == epoch) {
            keep(served, reply);
            servedCount++;
            tokensServed = tokensServed.plus(reply.usage());
            notifyAll();
        }
    }

    synchronized void hangUp(long exchangeEpoch, HangUp hangUp) {
        if (exchangeEpoch == epoch) {
            keep(hangUps, hangUp);
            hangUpCount++;
            notifyAll();
        }
    }

    synchronized void reset() {
        epoch++;
        requests.clear();
        served.clear();
        hangUps.clear();
        requestCount = 0;
        servedCount = 0;
        hangUpCount = 0;
        tokensServed = Usage.ZERO;
    }

    synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    synchronized List<Served> served() {
        return List.copyOf(served);
    }

    synchronized List<HangUp> hangUps() {
        return List.copyOf(hangUps);
    }

    synchronized long servedCount() {
        return servedCount;
    }

    synchronized Usage tokensServed() {
        return tokensServed;
    }

    synchronized List<RecordedRequest> awaitRequests(int count, Duration timeout) {
        await(() -> requestCount >= count, timeout, count + " requests");
        return List.copyOf(requests);
    }

    synchronized List<Served> awaitServed(int count, Duration timeout) {
        await(() -> servedCount >= count, timeout, count + " completely served replies");
        return List.copyOf(served);
    }

    synchronized List<HangUp> awaitHangUps(int count, Duration timeout) {
        await(() -> hangUpCount >= count, timeout, count + " client hang-ups");
        return List.copyOf(hangUps);
    }

    /** Waits for {@code done}; fails like an assertion, listing the requests that did arrive. */
    private void await(java.util.function.BooleanSupplier done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected at least " + what + " within " + timeout + " but saw "
                        + requestCount + " requests, " + servedCount + " served, " + hangUpCount
                        + " hang-ups; requests: " + requests);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    private <T> void keep(Deque<T> list, T entry) {
        list.addLast(entry);
        if (list.size() > retained) {
            list.removeFirst();
        }
    }
}
