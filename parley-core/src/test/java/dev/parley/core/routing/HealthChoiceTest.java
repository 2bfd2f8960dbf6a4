package dev.parley.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.config.HealthSettings;
import dev.parley.core.config.ProviderConfig;
import dev.parley.core.health.Admission;
import dev.parley.core.health.CircuitBreaker;
import dev.parley.core.health.CircuitState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link Router#choose} with a {@link ChannelBoard}: open circuits are never chosen; tiers still come first. */
class HealthChoiceTest {

    private static final Instant NOW = Instant.parse("2026-11-24T03:00:00Z");
    private static final long NANOS = 5_000_000_000L;
    private static final HealthSettings SETTINGS = new HealthSettings(2, 0.5, 10, Duration.ofSeconds(30),
            Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(1));
    private static final ProviderConfig A = ChooseTest.provider("a", 1);
    private static final ProviderConfig B = ChooseTest.provider("b", 1);
    private static final ProviderConfig C = ChooseTest.provider("c", 1);
    private static final ProviderConfig D = ChooseTest.provider("d", 1);
    private static final List<Channel> CHANNELS = List.of(new Channel(A, "m", 1, 0), new Channel(B, "m", 3, 0),
            new Channel(C, "m", 1, 1), new Channel(D, "m", 0, 2));
    private static final Route ROUTE = new Route("m", CHANNELS);

    private static void trip(ChannelBoard board, Channel channel) {
        CircuitBreaker breaker = board.monitor(channel, NANOS).breaker();
        while (breaker.state() instanceof CircuitState.Closed) {
            breaker.onFailure(Admission.NORMAL, NANOS);
        }
    }

    @Property
    void neverAnOpenCircuitAndNeverALowerTierWhileAHigherOneCanServe(
            @ForAll @IntRange(max = 15) int openMask, @ForAll @IntRange(max = 15) int coolingMask,
            @ForAll @IntRange(max = 15) int triedMask, @ForAll long seed) {
        ChannelBoard board = new ChannelBoard(SETTINGS);
        KeyRotation keys = new KeyRotation();
        Set<KeySlot> tried = new HashSet<>();
        for (int i = 0; i < CHANNELS.size(); i++) {
            Channel channel = CHANNELS.get(i);
            KeySlot slot = new KeySlot(channel.provider(), 0);
            if ((openMask & (1 << i)) != 0) {
                trip(board, channel);
            }
            if ((coolingMask & (1 << i)) != 0) {
                keys.coolDown(slot, NOW.plusSeconds(1));
            }
            if ((triedMask & (1 << i)) != 0) {
                tried.add(slot);
            }
        }

        Optional<Choice> choice = Router.choose(ROUTE, board, keys, NOW, NANOS, tried, new Random(seed));

        List<Channel> serving = CHANNELS.stream().filter(c -> closed(board, c) && usable(keys, c)).toList();
        assertThat(choice.isPresent()).isEqualTo(!serving.isEmpty());
        if (choice.isEmpty()) {
            return;
        }
        Channel chosen = choice.get().channel();
        assertThat(closed(board, chosen)).as("never a channel whose circuit is open").isTrue();
        assertThat(keys.usable(choice.get().key(), NOW)).isTrue();
        List<Channel> untried = serving.stream().filter(c -> !tried.contains(new KeySlot(c.provider(), 0))).toList();
        List<Channel> candidates = untried.isEmpty() ? serving : untried;
        int bestTier = candidates.stream().mapToInt(Channel::priority).min().orElseThrow();
        assertThat(chosen.priority()).as("the best tier that can serve").isEqualTo(bestTier);
        assertThat(candidates).contains(chosen);
        assertThat(board.monitor(chosen, NANOS).health().inFlight()).as("the attempt has begun").isEqualTo(1);
    }

    private static boolean closed(ChannelBoard board, Channel channel) {
        return board.monitor(channel, NANOS).breaker().state() instanceof CircuitState.Closed;
    }

    private static boolean usable(KeyRotation keys, Channel channel) {
        return keys.usable(new KeySlot(channel.provider(), 0), NOW);
    }

    @Property
    void aTrippedChannelGetsNoTrafficUntilItsCoolOffEnds(@ForAll @IntRange(max = 1) int broken, @ForAll long seed) {
        ChannelBoard board = new ChannelBoard(SETTINGS);
        Route tier = new Route("m", CHANNELS.subList(0, 2));
        Channel down = tier.channels().get(broken);
        trip(board, down);
        Random random = new Random(seed);
        for (int i = 0; i < 50; i++) {
            Choice choice = Router.choose(tier, board, new KeyRotation(), NOW, NANOS, Set.of(), random).orElseThrow();
            assertThat(choice.channel()).isNotEqualTo(down);
            choice.attempt().succeeded(NANOS);
        }
        assertThat(board.firstReopening(tier.channels(), NANOS)).contains(Duration.ofMillis(200));
    }

    @Test
    void afterTheCoolOffOneLiveRequestProbesAndItsSuccessClosesTheCircuit() {
        ChannelBoard board = new ChannelBoard(SETTINGS);
        Route only = new Route("m", List.of(CHANNELS.getFirst()));
        trip(board, only.channels().getFirst());
        KeyRotation keys = new KeyRotation();
        assertThat(Router.choose(only, board, keys, NOW, NANOS, Set.of(), new Random(1))).isEmpty();

        long later = NANOS + Duration.ofMillis(200).toNanos();
        Choice probe = Router.choose(only, board, keys, NOW, later, Set.of(), new Random(1)).orElseThrow();
        assertThat(probe.attempt().admission()).isEqualTo(Admission.PROBE);
        assertThat(Router.choose(only, board, keys, NOW, later, Set.of(), new Random(1)))
                .as("one probe at a time").isEmpty();

        ChannelVerdict.of(new dev.parley.core.usage.AttemptOutcome.Ok()).report(probe.attempt(), later);
        assertThat(board.monitor(only.channels().getFirst(), later).breaker().state())
                .isInstanceOf(CircuitState.Closed.class);
    }

    @Test
    void aChannelDueForItsProbeGetsItThoughItsScoreIsWorse() {
        Route tier = new Route("m", CHANNELS.subList(0, 2));
        Channel down = tier.channels().getFirst();
        long later = NANOS + Duration.ofMillis(200).toNanos();
        for (long seed = 0; seed < 20; seed++) {
            ChannelBoard fresh = new ChannelBoard(SETTINGS);
            trip(fresh, down);
            Choice choice = Router.choose(tier, fresh, new KeyRotation(), NOW, later, Set.of(), new Random(seed))
                    .orElseThrow();
            assertThat(choice.channel()).isEqualTo(down);
            assertThat(choice.attempt().admission()).isEqualTo(Admission.PROBE);
        }
    }

    @Test
    void twoModelsOnOneTargetShareItsCircuitAndAPassedCheckEndsTheCoolOff() {
        ChannelBoard board = new ChannelBoard(SETTINGS);
        Channel one = new Channel(A, "m", 1, 0);
        Channel other = new Channel(A, "m", 5, 3);
        trip(board, one);
        assertThat(board.monitor(other, NANOS).breaker().state()).isInstanceOf(CircuitState.Open.class);
        assertThat(board.anyOpen("a")).isTrue();
        assertThat(board.anyOpen("b")).isFalse();

        board.checkPassed("a", NANOS + 1);

        assertThat(board.monitor(other, NANOS + 1).breaker().available(NANOS + 1)).isTrue();
        assertThat(board.firstReopening(List.of(one), NANOS + 1)).contains(Duration.ZERO);
    }

    @Test
    void directlyAddressedTargetsAreRememberedOnlyUpToABound() {
        ChannelBoard board = new ChannelBoard(SETTINGS);
        for (int i = 0; i < ChannelBoard.MAX_UNCONFIGURED + 10; i++) {
            board.monitor(new Channel(A, "made-up-" + i, 1, 0), NANOS);
        }
        assertThat(board.find(new ChannelBoard.Target("a", "made-up-0"))).isPresent();
        assertThat(board.find(new ChannelBoard.Target("a", "made-up-" + (ChannelBoard.MAX_UNCONFIGURED + 5))))
                .isEmpty();
    }
}
