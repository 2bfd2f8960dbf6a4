package dev.parley.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Everything the fake saw and did, written from the event loop and read from test threads.
 *
 * <p>Each exchange remembers the epoch it started in; a reset starts a new epoch, so a stream still running from
 * the previous test cannot leak a hang-up or a served reply into the next one.
 */
final class Recorder {

    private final List<RecordedRequest> requests = new ArrayList<>();
    private final List<Served> served = new ArrayList<>();
    private final List<HangUp> hangUps = new ArrayList<>();
    private long epoch;

    /** Records the request and returns the epoch the exchange belongs to. */
    synchronized long request(RecordedRequest request) {
        requests.add(request);
        notifyAll();
        return epoch;
    }

    synchronized void served(long exchangeEpoch, Served reply) {
        if (exchangeEpoch == epoch) {
            served.add(reply);
            notifyAll();
        }
    }

    synchronized void hangUp(long exchangeEpoch, HangUp hangUp) {
        if (exchangeEpoch == epoch) {
            hangUps.add(hangUp);
            notifyAll();
        }
    }

    synchronized void reset() {
        epoch++;
        requests.clear();
        served.clear();
        hangUps.clear();
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

    List<RecordedRequest> awaitRequests(int count, Duration timeout) {
        return await(count, timeout, "requests", r -> r.requests);
    }

    List<Served> awaitServed(int count, Duration timeout) {
        return await(count, timeout, "completely served replies", r -> r.served);
    }

    List<HangUp> awaitHangUps(int count, Duration timeout) {
        return await(count, timeout, "client hang-ups", r -> r.hangUps);
    }

    /** Waits until the list holds at least {@code count} entries; fails like an assertion with what did arrive. */
    private synchronized <T> List<T> await(int count, Duration timeout, String what,
            Function<Recorder, List<T>> list) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (list.apply(this).size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected at least " + count + " " + what + " within " + timeout
                        + " but saw " + list.apply(this).size() + "; requests so far: " + requests);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
        return List.copyOf(list.apply(this));
    }
}
