package dev.parley.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.health.CircuitState.Closed;
import dev.parley.core.health.CircuitState.HalfOpen;
import dev.parley.core.health.CircuitState.Open;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final long SECOND = 1_000_000_000L;

    /** 3 failures in a row, or half of at least 10 calls; 1 s cool-off doubling up to 8 s; 30 s trip memory. */
    static BreakerConfig config(int consecutive, int minimumCalls) {
        return new BreakerConfig(consecutive, 0.5, minimumCalls, Duration.ofSeconds(60), Duration.ofSeconds(1),
                Duration.ofSeconds(8), Duration.ofSeconds(30), Duration.ofSeconds(20));
    }

    private final CircuitBreaker breaker = new CircuitBreaker(config(3, 10), 0);

    private void fail(long now) {
        assertThat(breaker.tryAdmit(now)).contains(Admission.NORMAL);
        breaker.onFailure(Admission.NORMAL, now);
    }

    private void succeed(long now) {
        assertThat(breaker.tryAdmit(now)).contains(Admission.NORMAL);
        breaker.onSuccess(Admission.NORMAL, now);
    }

    private void tripAt(long now) {
        fail(now);
        fail(now);
        fail(now);
        assertThat(breaker.state()).isInstanceOf(Open.class);
    }

    @Test
    void startsClosedAndLetsEverythingThrough() {
        assertThat(breaker.state()).isEqualTo(new Closed(0, 0));
        assertThat(breaker.available(0)).isTrue();
        assertThat(breaker.tryAdmit(0)).contains(Admission.NORMAL);
        assertThat(breaker.tryAdmit(0)).contains(Admission.NORMAL);
    }

    @Test
    void aSuccessBreaksARunOfFailures() {
        fail(0);
        fail(0);
        succeed(0);
        fail(0);
        fail(0);
        assertThat(breaker.state()).isInstanceOf(Closed.class);
        fail(0);
        assertThat(breaker.state()).isEqualTo(new Open(SECOND, 1));
    }

    @Test
    void openRefusesUntilTheCoolOffEnds() {
        tripAt(0);
        assertThat(breaker.available(SECOND - 1)).isFalse();
        assertThat(breaker.tryAdmit(SECOND - 1)).isEmpty();
        assertThat(breaker.available(SECOND)).isTrue();
    }

    @Test
    void halfOpenLetsExactlyOneProbeThrough() {
        tripAt(0);
        assertThat(breaker.tryAdmit(SECOND)).contains(Admission.PROBE);
        assertThat(breaker.state()).isEqualTo(new HalfOpen(1, true, SECOND));
        assertThat(breaker.available(SECOND)).isFalse();
        assertThat(breaker.tryAdmit(SECOND)).isEmpty();
        assertThat(breaker.tryAdmit(2 * SECOND)).isEmpty();
    }

    @Test
    void aSuccessfulProbeCloses() {
        tripAt(0);
        breaker.tryAdmit(SECOND);
        breaker.onSuccess(Admission.PROBE, SECOND);
        assertThat(breaker.state()).isEqualTo(new Closed(1, SECOND));
        assertThat(breaker.tryAdmit(SECOND)).contains(Admission.NORMAL);
    }

    @Test
    void aFailedProbeReopensForTwiceAsLongUpToTheCap() {
        tripAt(0);
        long now = SECOND;
        long[] expectedCoolOffs = {2, 4, 8, 8, 8};
        for (int i = 0; i < expectedCoolOffs.length; i++) {
            assertThat(breaker.tryAdmit(now)).contains(Admission.PROBE);
            breaker.onFailure(Admission.PROBE, now);
            assertThat(breaker.state()).isEqualTo(new Open(now + expectedCoolOffs[i] * SECOND, i + 2));
            assertThat(breaker.tryAdmit(now + expectedCoolOffs[i] * SECOND - 1)).isEmpty();
            now += expectedCoolOffs[i] * SECOND;
        }
    }

    @Test
    void anAbandonedProbeFreesTheSlot() {
        tripAt(0);
        breaker.tryAdmit(SECOND);
        breaker.onAbandon(Admission.PROBE);
        assertThat(breaker.state()).isEqualTo(new HalfOpen(1, false, 0));
        assertThat(breaker.tryAdmit(SECOND)).contains(Admission.PROBE);
    }

    @Test
    void aProbeNeverAnsweredIsReplacedAfterTheProbeTimeout() {
        tripAt(0);
        breaker.tryAdmit(SECOND);
        assertThat(breaker.tryAdmit(21 * SECOND - 1)).isEmpty();
        assertThat(breaker.tryAdmit(21 * SECOND)).contains(Admission.PROBE);
    }

    @Test
    void outcomesOfRequestsAdmittedBeforeATripAreIgnored() {
        tripAt(0);
        breaker.onSuccess(Admission.NORMAL, 0);
        breaker.onFailure(Admission.NORMAL, 0);
        assertThat(breaker.state()).isEqualTo(new Open(SECOND, 1));
        breaker.tryAdmit(SECOND);
        breaker.onSuccess(Admission.NORMAL, SECOND);
        breaker.onAbandon(Admission.NORMAL);
        assertThat(breaker.state()).isEqualTo(new HalfOpen(1, true, SECOND));
    }

    @Test
    void aHighFailureRateTripsOnceThereAreEnoughCalls() {
        CircuitBreaker rated = new CircuitBreaker(config(100, 10), 0);
        for (int pair = 0; pair < 5; pair++) {
            rated.onFailure(Admission.NORMAL, 0);
            rated.onSuccess(Admission.NORMAL, 0);
        }
        // Half of ten calls failed, but the last outcome was a success: only a failure can trip.
        assertThat(rated.state()).isInstanceOf(Closed.class);
        rated.onFailure(Admission.NORMAL, 0);
        assertThat(rated.state()).isEqualTo(new Open(SECOND, 1));
    }

    @Test
    void aHighFailureRateBelowTheMinimumCallsDoesNotTrip() {
        CircuitBreaker rated = new CircuitBreaker(config(100, 10), 0);
        rated.onSuccess(Admission.NORMAL, 0);
        for (int i = 0; i < 8; i++) {
            rated.onFailure(Admission.NORMAL, 0);
        }
        assertThat(rated.state()).isInstanceOf(Closed.class);
        rated.onFailure(Admission.NORMAL, 0);
        assertThat(rated.state()).isInstanceOf(Open.class);
    }

    @Test
    void aLowFailureRateDoesNotTrip() {
        CircuitBreaker rated = new CircuitBreaker(config(100, 10), 0);
        for (int i = 0; i < 100; i++) {
            rated.onSuccess(Admission.NORMAL, 0);
            rated.onSuccess(Admission.NORMAL, 0);
            rated.onFailure(Admission.NORMAL, 0);
        }
        assertThat(rated.state()).isInstanceOf(Closed.class);
    }

    @Test
    void theOutageThatOpenedTheCircuitDoesNotCountAfterItCloses() {
        CircuitBreaker rated = new CircuitBreaker(config(5, 4), 0);
        for (int i = 0; i < 5; i++) {
            rated.onFailure(Admission.NORMAL, 0);
        }
        rated.tryAdmit(SECOND);
        rated.onSuccess(Admission.PROBE, SECOND);
        rated.onFailure(Admission.NORMAL, SECOND);
        assertThat(rated.state()).isInstanceOf(Closed.class);
    }

    @Test
    void aTripSoonAfterRecoveringCoolsOffLongerAndALaterOneStartsAgain() {
        tripAt(0);
        breaker.tryAdmit(SECOND);
        breaker.onSuccess(Admission.PROBE, SECOND);
        tripAt(2 * SECOND);
        assertThat(breaker.state()).isEqualTo(new Open(4 * SECOND, 2));
        breaker.tryAdmit(4 * SECOND);
        breaker.onSuccess(Admission.PROBE, 4 * SECOND);
        tripAt(34 * SECOND);
        assertThat(breaker.state()).isEqualTo(new Open(35 * SECOND, 1));
    }

    @Test
    void coolOffsNeverOverflow() {
        assertThat(breaker.coolOffNanos(1)).isEqualTo(SECOND);
        assertThat(breaker.coolOffNanos(4)).isEqualTo(8 * SECOND);
        assertThat(breaker.coolOffNanos(64)).isEqualTo(8 * SECOND);
        assertThat(breaker.coolOffNanos(Integer.MAX_VALUE)).isEqualTo(8 * SECOND);
    }

    @Test
    void racingRequestsGetExactlyOneProbe() throws InterruptedException {
        tripAt(0);
        AtomicInteger probes = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 1_000; i++) {
                    breaker.tryAdmit(SECOND).ifPresentOrElse(a -> probes.incrementAndGet(), refused::incrementAndGet);
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(probes).hasValue(1);
        assertThat(refused).hasValue(16 * 1_000 - 1);
    }
}
