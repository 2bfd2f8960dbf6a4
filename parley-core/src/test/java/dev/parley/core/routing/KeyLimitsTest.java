package dev.parley.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.config.ProviderConfig;
import dev.parley.core.config.HealthSettings;
import dev.parley.core.config.ProviderType;
import dev.parley.core.config.TimeoutOverrides;
import dev.parley.core.config.Secret;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link KeyRotation} with a configured {@code rpm} or {@code tpm}: each key's window is a limit like a cool-down. */
class KeyLimitsTest {

    private static final Instant NOW = Instant.parse("2026-11-24T03:00:00Z");
    private static final ProviderConfig LIMITED = new ProviderConfig("limited", ProviderType.OPENAI_COMPATIBLE,
            URI.create("http://localhost/v1"), List.of(new Secret("k-0"), new Secret("k-1")), Map.of(),
            TimeoutOverrides.NONE, OptionalInt.of(1), OptionalLong.empty(), Optional.empty());
    private static final ChannelBoard BOARD = new ChannelBoard(HealthSettings.DEFAULTS);
    private static final Route ROUTE = new Route("m", List.of(new Channel(LIMITED, "m", 1, 0)));

    @Test
    void eachKeyServesItsRpmAndThenTheRouteWaitsForTheFirstWindowToFree() {
        KeyRotation keys = new KeyRotation();
        Choice first = Router.choose(ROUTE, BOARD, keys, NOW, 0L, Set.of(), new Random(1)).orElseThrow();
        Choice second = Router.choose(ROUTE, BOARD, keys, NOW.plusSeconds(5), 0L, Set.of(), new Random(1)).orElseThrow();

        assertThat(second.key()).isNotEqualTo(first.key());
        assertThat(Router.choose(ROUTE, BOARD, keys, NOW.plusSeconds(10), 0L, Set.of(), new Random(1))).isEmpty();
        assertThat(keys.availableAgain(LIMITED, NOW.plusSeconds(10))).contains(NOW.plusSeconds(60));
        assertThat(Router.choose(ROUTE, BOARD, keys, NOW.plusSeconds(60), 0L, Set.of(), new Random(1)).orElseThrow().key())
                .isEqualTo(first.key());
    }

    @Test
    void aKeyCoolingDownAndAtItsLimitComesBackWhenBothHavePassed() {
        KeyRotation keys = new KeyRotation();
        KeySlot only = new KeySlot(LIMITED, 0);
        KeySlot other = new KeySlot(LIMITED, 1);
        keys.kill(other);
        assertThat(keys.next(LIMITED, NOW, Set.of())).contains(only);
        keys.coolDown(only, NOW.plusSeconds(90));
        assertThat(keys.availableAgain(LIMITED, NOW)).contains(NOW.plusSeconds(90));
        keys.coolDown(only, NOW.plusSeconds(30)); // a shorter cool-down does not shorten the one in force
        assertThat(keys.availableAgain(LIMITED, NOW)).contains(NOW.plusSeconds(90));
    }

    @Test
    void checkingAKeyTakesNothingFromItsWindow() {
        KeyRotation keys = new KeyRotation();
        for (int i = 0; i < 5; i++) {
            assertThat(keys.hasUsable(LIMITED, NOW, Set.of())).isTrue();
            assertThat(keys.usable(new KeySlot(LIMITED, 0), NOW)).isTrue();
        }
        assertThat(keys.availableAgain(LIMITED, NOW)).isEmpty();
    }

    @Test
    void aKeyAtItsTokensPerMinuteSitsOutUntilEnoughOfThemAgeOut() {
        ProviderConfig metered = new ProviderConfig("metered", ProviderType.OPENAI_COMPATIBLE,
                URI.create("http://localhost/v1"), List.of(new Secret("k-0")), Map.of(), TimeoutOverrides.NONE,
                OptionalInt.empty(), OptionalLong.of(1_000), Optional.empty());
        KeySlot key = new KeySlot(metered, 0);
        KeyRotation keys = new KeyRotation();

        keys.spent(key, 600, NOW);
        assertThat(keys.usable(key, NOW.plusSeconds(1))).isTrue();
        keys.spent(key, 300, NOW.plusSeconds(10));
        keys.spent(key, 200, NOW.plusSeconds(20));

        assertThat(keys.usable(key, NOW.plusSeconds(21))).isFalse();
        // 1,100 tokens in the minute; once the first 600 age out (at +60 s) only 500 are left.
        assertThat(keys.availableAgain(metered, NOW.plusSeconds(21))).contains(NOW.plusSeconds(60));
        assertThat(keys.usable(key, NOW.plusSeconds(60))).isTrue();
        assertThat(keys.availableAgain(metered, NOW.plusSeconds(60))).isEmpty();
    }

    @Test
    void tokensOfAKeyWithoutATpmAreNotCounted() {
        KeyRotation keys = new KeyRotation();
        KeySlot key = new KeySlot(LIMITED, 0);
        keys.spent(key, Long.MAX_VALUE / 2, NOW);
        assertThat(keys.usable(key, NOW)).isTrue();
    }
}
