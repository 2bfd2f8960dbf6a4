package dev.parley.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ChannelSelectorTest {

    private static final long MS = 1_000_000L;
    private static final long NOW = 10 * MS;

    /** How a generated channel looks: its tier and weight, and whether it is open or already tried. */
    record Spec(int priority, int weight, boolean open, boolean excluded) {
        boolean available() {
            return !open && !excluded;
        }
    }

    /** Channels named by their index, with equal health; open ones tripped at 0 for a 1 s cool-off. */
    private static List<MonitoredChannel<Integer>> channels(List<Spec> specs) {
        List<MonitoredChannel<Integer>> channels = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Spec spec = specs.get(i);
            MonitoredChannel<Integer> c = channel(i, spec.priority(), spec.weight(), 100 * MS);
            if (spec.open()) {
                c.breaker().onFailure(c.breaker().tryAdmit(0).orElseThrow(), 0);
            }
            channels.add(c);
        }
        return channels;
    }

    private static MonitoredChannel<Integer> channel(int name, int priority, int weight, long latencyNanos) {
        ChannelHealth health = new ChannelHealth(HealthConfig.DEFAULTS);
        health.firstByte(latencyNanos, 0);
        BreakerConfig breaker = new BreakerConfig(1, 1.0, 1, Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofSeconds(8), Duration.ofSeconds(30), Duration.ofSeconds(20));
        return new MonitoredChannel<>(name, priority, weight, health, new CircuitBreaker(breaker, 0));
    }

    private static Set<Integer> excluded(List<Spec> specs) {
        Set<Integer> excluded = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).excluded()) {
                excluded.add(i);
            }
        }
        return excluded;
    }

    @Provide
    Arbitrary<List<Spec>> routes() {
        Arbitrary<Spec> spec = Combinators.combine(
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.of(true, false),
                        Arbitraries.of(true, false))
                .as(Spec::new);
        return spec.list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 500)
    void neverAnExcludedOrOpenChannelNorALowerTierWhileAHigherOneIsAvailable(
            @ForAll("routes") List<Spec> specs, @ForAll long seed) {
        List<MonitoredChannel<Integer>> channels = channels(specs);
        Set<Integer> excluded = excluded(specs);
        RandomGenerator random = new SplittableRandom(seed);
        Optional<Integer> bestTier = specs.stream().filter(Spec::available).map(Spec::priority).min(Integer::compare);
        for (int i = 0; i < 20; i++) {
            Optional<Attempt<Integer>> attempt = ChannelSelector.select(channels, excluded, NOW, random);
            assertThat(attempt.isPresent()).isEqualTo(bestTier.isPresent());
            if (attempt.isEmpty()) {
                return;
            }
            Spec chosen = specs.get(attempt.get().channel());
            assertThat(chosen.available()).as("chose %s", chosen).isTrue();
            assertThat(chosen.priority()).isEqualTo(bestTier.get());
            boolean weightedInTier = specs.stream()
                    .anyMatch(s -> s.available() && s.priority() == chosen.priority() && s.weight() > 0);
            assertThat(chosen.weight() > 0).isEqualTo(weightedInTier);
            attempt.get().abandoned();
        }
    }

    @Property(tries = 30)
    void weightsAreRespectedInTheLongRunAmongEquallyHealthyChannels(
            @ForAll @Size(min = 2, max = 5) List<@IntRange(min = 1, max = 10) Integer> weights, @ForAll long seed) {
        List<MonitoredChannel<Integer>> channels = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            channels.add(channel(i, 0, weights.get(i), 100 * MS));
        }
        RandomGenerator random = new SplittableRandom(seed);
        int draws = 40_000;
        int[] counts = new int[weights.size()];
        for (int i = 0; i < draws; i++) {
            Attempt<Integer> attempt = ChannelSelector.select(channels, Set.of(), NOW, random).orElseThrow();
            counts[attempt.channel()]++;
            attempt.abandoned();
        }
        int total = weights.stream().mapToInt(Integer::intValue).sum();
        for (int i = 0; i < weights.size(); i++) {
            assertThat((double) counts[i] / draws)
                    .as("share of channel %d, weights %s", i, weights)
                    .isCloseTo((double) weights.get(i) / total, within(0.02));
        }
    }

    @Property(tries = 200)
    void ofTwoOtherwiseEqualChannelsTheFasterOneIsChosen(
            @ForAll @IntRange(min = 1, max = 10_000) int fastMs, @ForAll @IntRange(min = 1, max = 10_000) int slowerByMs,
            @ForAll boolean fastFirst, @ForAll long seed) {
        MonitoredChannel<Integer> fast = channel(0, 0, 1, fastMs * MS);
        MonitoredChannel<Integer> slow = channel(1, 0, 1, (fastMs + slowerByMs) * MS);
        List<MonitoredChannel<Integer>> channels = fastFirst ? List.of(fast, slow) : List.of(slow, fast);
        RandomGenerator random = new SplittableRandom(seed);
        for (int i = 0; i < 20; i++) {
            Attempt<Integer> attempt = ChannelSelector.select(channels, Set.of(), NOW, random).orElseThrow();
            assertThat(attempt.channel()).isZero();
            attempt.abandoned();
        }
    }

    @Test
    void inFlightLoadSpreadsRequestsOverEquallyFastChannels() {
        List<MonitoredChannel<Integer>> channels = List.of(channel(0, 0, 1, 100 * MS), channel(1, 0, 1, 100 * MS));
        RandomGenerator random = new SplittableRandom(1);
        for (int i = 0; i < 100; i++) {
            ChannelSelector.select(channels, Set.of(), NOW, random).orElseThrow();
            // Both are always compared, so each new request joins the shorter queue: they never differ by two.
            int difference = channels.get(0).health().inFlight() - channels.get(1).health().inFlight();
            assertThat(Math.abs(difference)).as("after %d requests", i + 1).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aFasterChannelWinsMostOfTheTrafficAmongMany() {
        List<MonitoredChannel<Integer>> channels = List.of(channel(0, 0, 1, 50 * MS), channel(1, 0, 1, 100 * MS),
                channel(2, 0, 1, 100 * MS), channel(3, 0, 1, 100 * MS));
        RandomGenerator random = new SplittableRandom(7);
        int fast = 0;
        for (int i = 0; i < 10_000; i++) {
            Attempt<Integer> attempt = ChannelSelector.select(channels, Set.of(), NOW, random).orElseThrow();
            fast += attempt.channel() == 0 ? 1 : 0;
            attempt.abandoned();
        }
        // It wins every pair it is drawn into: 1 - (3/4 * 2/3) = half of the draws, not a quarter.
        assertThat(fast).isBetween(4_700, 5_300);
    }

    @Test
    void aHalfOpenChannelGetsOneProbeAndOtherRequestsGoElsewhere() {
        MonitoredChannel<Integer> recovering = channel(0, 0, 1, 10 * MS);
        recovering.breaker().onFailure(Admission.NORMAL, 0);
        MonitoredChannel<Integer> backup = channel(1, 1, 1, 100 * MS);
        List<MonitoredChannel<Integer>> channels = List.of(recovering, backup);
        RandomGenerator random = new SplittableRandom(3);
        long afterCoolOff = 1_000 * MS;

        Attempt<Integer> probe = ChannelSelector.select(channels, Set.of(), afterCoolOff, random).orElseThrow();
        assertThat(probe.channel()).isZero();
        assertThat(probe.admission()).isEqualTo(Admission.PROBE);
        Attempt<Integer> other = ChannelSelector.select(channels, Set.of(), afterCoolOff, random).orElseThrow();
        assertThat(other.channel()).isEqualTo(1);
        assertThat(other.admission()).isEqualTo(Admission.NORMAL);

        probe.succeeded(afterCoolOff);
        assertThat(ChannelSelector.select(channels, Set.of(), afterCoolOff, random).orElseThrow().channel()).isZero();
    }

    @Test
    void aFailedAttemptOpensTheCircuitAndTheRequestFailsOverToTheNextTier() {
        List<MonitoredChannel<Integer>> channels = List.of(channel(0, 0, 1, 10 * MS), channel(1, 1, 1, 100 * MS));
        RandomGenerator random = new SplittableRandom(5);
        Attempt<Integer> first = ChannelSelector.select(channels, Set.of(), NOW, random).orElseThrow();
        assertThat(first.channel()).isZero();
        first.failed(NOW);
        first.failed(NOW);
        assertThat(channels.getFirst().health().failures()).isEqualTo(1);
        assertThat(channels.getFirst().breaker().state()).isInstanceOf(CircuitState.Open.class);
        Attempt<Integer> second = ChannelSelector.select(channels, Set.of(0), NOW, random).orElseThrow();
        assertThat(second.channel()).isEqualTo(1);
        assertThat(ChannelSelector.select(channels, Set.of(1), NOW, random)).isEmpty();
    }

    @Test
    void zeroWeightChannelsServeOnlyWhenTheirTiersWeightedOnesCannot() {
        List<MonitoredChannel<Integer>> channels = List.of(channel(0, 0, 0, 10 * MS), channel(1, 0, 2, 100 * MS),
                channel(2, 1, 5, 1 * MS));
        RandomGenerator random = new SplittableRandom(11);
        for (int i = 0; i < 100; i++) {
            Attempt<Integer> attempt = ChannelSelector.select(channels, Set.of(), NOW, random).orElseThrow();
            assertThat(attempt.channel()).isEqualTo(1);
            attempt.abandoned();
        }
        assertThat(ChannelSelector.select(channels, Set.of(1), NOW, random).orElseThrow().channel()).isZero();
        assertThat(ChannelSelector.select(channels, Set.of(0, 1), NOW, random).orElseThrow().channel()).isEqualTo(2);
    }

    @Test
    void aHalfOpenProbeSlotIsClaimedInTheSameStepAsTheChoice() {
        MonitoredChannel<Integer> only = channel(0, 0, 1, 10 * MS);
        only.breaker().onFailure(Admission.NORMAL, 0);
        long afterCoolOff = 1_000 * MS;
        RandomGenerator random = new SplittableRandom(1);
        Attempt<Integer> probe = ChannelSelector.select(List.of(only), Set.of(), afterCoolOff, random).orElseThrow();
        assertThat(ChannelSelector.select(List.of(only), Set.of(), afterCoolOff, random)).isEmpty();
        probe.abandoned();
        probe.abandoned();
        assertThat(only.health().inFlight()).isZero();
        assertThat(ChannelSelector.select(List.of(only), Set.of(), afterCoolOff, random)).isPresent();
    }
}
