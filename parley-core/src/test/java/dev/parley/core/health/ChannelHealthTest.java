package dev.parley.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ChannelHealthTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;

    private static ChannelHealth health(Duration latencyHalfLife) {
        return new ChannelHealth(new HealthConfig(latencyHalfLife, Duration.ofSeconds(10), Duration.ofMillis(500)));
    }

    @Test
    void beforeAnySampleTheLatencyIsTheConfiguredGuessAndEverythingSucceeds() {
        ChannelHealth h = health(Duration.ofSeconds(1));
        assertThat(h.latencyEwmaNanos()).isEqualTo(500 * MS);
        assertThat(h.successRate()).isEqualTo(1.0);
        assertThat(h.inFlight()).isZero();
        assertThat(h.consecutiveFailures()).isZero();
        assertThat(h.score()).isEqualTo(500.0 * MS);
    }

    @Test
    void theFirstSampleReplacesTheGuessAndSimultaneousSamplesAllCount() {
        ChannelHealth h = health(Duration.ofSeconds(1));
        h.firstByte(100 * MS, 0);
        assertThat(h.latencyEwmaNanos()).isEqualTo(100.0 * MS);
        h.firstByte(200 * MS, 0);
        h.firstByte(300 * MS, 0);
        assertThat(h.latencyEwmaNanos()).isCloseTo(200.0 * MS, within(1.0));
    }

    @Test
    void theAverageMovesHalfWayToANewLatencyInOneHalfLifeAndConvergesAfterMany() {
        ChannelHealth h = health(Duration.ofSeconds(1));
        long now = 0;
        for (; now < 20 * SECOND; now += 10 * MS) {
            h.firstByte(100 * MS, now);
        }
        assertThat(h.latencyEwmaNanos()).isCloseTo(100.0 * MS, within(1.0));
        long switched = now;
        for (; now < switched + SECOND; now += 10 * MS) {
            h.firstByte(300 * MS, now);
        }
        assertThat(h.latencyEwmaNanos()).isCloseTo(200.0 * MS, within(3.0 * MS));
        for (; now < switched + 15 * SECOND; now += 10 * MS) {
            h.firstByte(300 * MS, now);
        }
        assertThat(h.latencyEwmaNanos()).isCloseTo(300.0 * MS, within(0.1 * MS));
    }

    @Test
    void afterALongSilenceTheNewestSampleDominates() {
        ChannelHealth h = health(Duration.ofSeconds(1));
        for (int i = 0; i < 1000; i++) {
            h.firstByte(100 * MS, 0);
        }
        h.firstByte(900 * MS, 60 * SECOND);
        assertThat(h.latencyEwmaNanos()).isCloseTo(900.0 * MS, within(1.0 * MS));
    }

    @Property(tries = 200)
    void aSteadyLatencyIsConvergedTo(@ForAll @LongRange(min = 0, max = 60_000) long latencyMs,
            @ForAll @LongRange(min = 0, max = 60_000) long startMs,
            @ForAll @LongRange(min = 1, max = 10_000) long halfLifeMs) {
        ChannelHealth h = health(Duration.ofMillis(halfLifeMs));
        h.firstByte(startMs * MS, 0);
        long step = halfLifeMs * MS / 10;
        for (int i = 1; i <= 300; i++) {
            h.firstByte(latencyMs * MS, i * step);
        }
        // 30 half-lives: the start sample's share is below 2^-30 of the total.
        assertThat(h.latencyEwmaNanos()).isCloseTo((double) latencyMs * MS, within(1_000.0));
    }

    @Test
    void theSuccessRateCountsRecentOutcomesMost() {
        ChannelHealth h = health(Duration.ofSeconds(1));
        for (int i = 0; i < 9; i++) {
            h.started();
            h.succeeded(0);
        }
        h.started();
        h.failed(0);
        assertThat(h.successRate()).isCloseTo(10.0 / 11, within(1e-9));
        assertThat(h.consecutiveFailures()).isEqualTo(1);
        // Ten half-lives later the old successes hardly weigh anything against two fresh failures.
        h.started();
        h.failed(100 * SECOND);
        h.started();
        h.failed(100 * SECOND);
        assertThat(h.successRate()).isLessThan(0.4);
        assertThat(h.consecutiveFailures()).isEqualTo(3);
        h.started();
        h.succeeded(100 * SECOND);
        assertThat(h.consecutiveFailures()).isZero();
        assertThat(h.successes()).isEqualTo(10);
        assertThat(h.failures()).isEqualTo(3);
    }

    @Test
    void theScoreGrowsWithTheQueueAndWithFailures() {
        ChannelHealth h = health(Duration.ofSeconds(1));
        h.firstByte(100 * MS, 0);
        h.started();
        h.started();
        assertThat(h.score()).isEqualTo(300.0 * MS);
        h.failed(0);
        assertThat(h.score()).isEqualTo(2 * 100.0 * MS / 0.5);
    }

    @Test
    void countsStayExactUnderConcurrentUpdates() throws InterruptedException {
        ChannelHealth h = health(Duration.ofSeconds(1));
        int threads = 16;
        int perThread = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch halfway = new CountDownLatch(threads);
        CountDownLatch finish = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers.add(Thread.ofPlatform().start(() -> {
                await(start);
                for (int i = 0; i < perThread; i++) {
                    h.started();
                }
                halfway.countDown();
                await(finish);
                for (int i = 0; i < perThread; i++) {
                    long now = (long) i * MS;
                    h.firstByte((id + 1) * MS, now);
                    switch (i % 3) {
                        case 0 -> h.failed(now);
                        case 1 -> h.succeeded(now);
                        default -> h.abandoned();
                    }
                }
            }));
        }
        start.countDown();
        halfway.await();
        assertThat(h.inFlight()).isEqualTo(threads * perThread);
        finish.countDown();
        for (Thread w : workers) {
            w.join();
        }
        int failedPerThread = (perThread + 2) / 3;
        int succeededPerThread = (perThread + 1) / 3;
        assertThat(h.inFlight()).isZero();
        assertThat(h.failures()).isEqualTo((long) threads * failedPerThread);
        assertThat(h.successes()).isEqualTo((long) threads * succeededPerThread);
        assertThat(h.latencyEwmaNanos()).isBetween(1.0 * MS, 16.0 * MS);
        assertThat(h.successRate()).isBetween(0.0, 1.0);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
