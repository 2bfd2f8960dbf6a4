package dev.parley.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.config.HealthSettings;
import dev.parley.core.config.ProviderConfig;
import dev.parley.core.config.ProviderType;
import dev.parley.core.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link Router#choose} with {@link KeyRotation}: tiers in order, untried keys first, cooled and dead keys never. */
class ChooseTest {

    private static final Instant NOW = Instant.parse("2026-11-24T03:00:00Z");
    private static final long NANOS = 1_000_000_000L;
    private static final ProviderConfig A = provider("a", 2);
    private static final ProviderConfig B = provider("b", 1);
    private static final ProviderConfig C = provider("c", 1);
    private static final Route ROUTE = new Route("m", List.of(
            new Channel(A, "m", 1, 0), new Channel(B, "m", 1, 0), new Channel(C, "m", 1, 1)));

    /** A fresh board: every circuit closed, so only keys and tiers decide. */
    private static ChannelBoard board() {
        return new ChannelBoard(HealthSettings.DEFAULTS);
    }

    static ProviderConfig provider(String name, int keys) {
        List<Secret> secrets = java.util.stream.IntStream.range(0, keys).mapToObj(i -> new Secret(name + "-key-" + i))
                .toList();
        return new ProviderConfig(name, ProviderType.OPENAI_COMPATIBLE, URI.create("http://localhost/v1"), secrets,
                Map.of(), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void aRequestTriesEveryKeyOfTheBestTierBeforeTheNextTier() {
        KeyRotation keys = new KeyRotation();
        Set<KeySlot> tried = new HashSet<>();
        Random random = new Random(1);
        for (int i = 0; i < 3; i++) {
            Choice choice = Router.choose(ROUTE, board(), keys, NOW, NANOS, tried, random).orElseThrow();
            assertThat(choice.channel().priority()).isZero();
            assertThat(tried.add(choice.key())).as("a key not tried yet").isTrue();
        }
        assertThat(Router.choose(ROUTE, board(), keys, NOW, NANOS, tried, random).orElseThrow().channel().provider())
                .isEqualTo(C);
    }

    @Test
    void coolingAndDeadKeysAreSkippedUntilTheirTime() {
        KeyRotation keys = new KeyRotation();
        keys.coolDown(new KeySlot(A, 0), NOW.plusSeconds(10));
        keys.coolDown(new KeySlot(A, 1), NOW.plusSeconds(20));
        keys.kill(new KeySlot(B, 0));
        Choice choice = Router.choose(ROUTE, board(), keys, NOW, NANOS, Set.of(), new Random(1)).orElseThrow();
        assertThat(choice.channel().provider()).isEqualTo(C);
        keys.coolDown(new KeySlot(C, 0), NOW.plusSeconds(5));
        assertThat(Router.choose(ROUTE, board(), keys, NOW, NANOS, Set.of(), new Random(1))).isEmpty();
        assertThat(keys.availableAgain(A, NOW)).contains(NOW.plusSeconds(10));
        assertThat(keys.availableAgain(B, NOW)).isEmpty();
        assertThat(Router.choose(ROUTE, board(), keys, NOW.plusSeconds(10), NANOS, Set.of(), new Random(1))
                .orElseThrow().key())
                .isEqualTo(new KeySlot(A, 0));
    }

    @Test
    void aTriedKeyIsChosenAgainWhenNothingElseIsLeft() {
        KeyRotation keys = new KeyRotation();
        Route single = new Route("m", List.of(new Channel(B, "m", 1, 0)));
        assertThat(Router.choose(single, board(), keys, NOW, NANOS, Set.of(new KeySlot(B, 0)), new Random(1))
                .map(Choice::key))
                .contains(new KeySlot(B, 0));
    }

    @Test
    void aKeylessProviderHasOneSlot() {
        ProviderConfig local = new ProviderConfig("local", ProviderType.OPENAI_COMPATIBLE,
                URI.create("http://localhost/v1"), List.of(), Map.of(), Duration.ofSeconds(1), Duration.ofSeconds(1));
        KeyRotation keys = new KeyRotation();
        Optional<KeySlot> slot = keys.next(local, NOW, Set.of());
        assertThat(slot).contains(new KeySlot(local, 0));
        assertThat(slot.orElseThrow().secret()).isEmpty();
    }

    @Property
    void neverAnUnusableKeyAndNeverALowerTierWhileAHigherOneIsOpen(@ForAll @IntRange(max = 7) int closedMask,
                                                                   @ForAll @IntRange(max = 7) int triedMask,
                                                                   @ForAll long seed) {
        KeyRotation keys = new KeyRotation();
        List<KeySlot> slots = List.of(new KeySlot(A, 0), new KeySlot(A, 1), new KeySlot(B, 0));
        Set<KeySlot> tried = new HashSet<>();
        for (int i = 0; i < slots.size(); i++) {
            if ((closedMask & (1 << i)) != 0) {
                keys.coolDown(slots.get(i), NOW.plusSeconds(1));
            }
            if ((triedMask & (1 << i)) != 0) {
                tried.add(slots.get(i));
            }
        }
        Optional<Choice> choice = Router.choose(ROUTE, board(), keys, NOW, NANOS, tried, new Random(seed));
        assertThat(choice).isPresent(); // tier 1 is always open here
        assertThat(keys.usable(choice.get().key(), NOW)).isTrue();
        boolean topTierOpen = slots.stream().anyMatch(s -> keys.usable(s, NOW) && !tried.contains(s));
        if (topTierOpen) {
            assertThat(choice.get().channel().priority()).isZero();
            assertThat(tried).doesNotContain(choice.get().key());
        }
    }
}
