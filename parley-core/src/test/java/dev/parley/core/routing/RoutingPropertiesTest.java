package dev.parley.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.config.HealthSettings;
import dev.parley.core.config.ProviderConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of backoff, the retry budget and channel choice over random inputs, each checked against a plain
 * statement of the rule rather than against a copy of the code: routes of random shape and key states for
 * {@link Router#choose}, random timelines for {@link RetryBudget}.
 */
class RoutingPropertiesTest {

    private static final Instant NOW = Instant.parse("2026-11-24T03:00:00Z");

    /** What a key is at {@link #NOW}. */
    enum KeyState { USABLE, COOLING, COOLED_UNTIL_NOW, DEAD }

    @Property
    void aRetryAfterReplacesTheJitterOnlyWhenLonger(@ForAll @LongRange(max = 5_000) long baseMillis,
                                                    @ForAll @LongRange(max = 20_000) long capExtraMillis,
                                                    @ForAll @LongRange(max = 60_000) long retryAfterMillis,
                                                    @ForAll @IntRange(min = 1, max = 30) int retry,
                                                    @ForAll long seed) {
        Backoff backoff = new Backoff(Duration.ofMillis(baseMillis), Duration.ofMillis(baseMillis + capExtraMillis));
        Duration retryAfter = Duration.ofMillis(retryAfterMillis);
        Duration jitter = backoff.delay(retry, Optional.empty(), new Random(seed));

        Duration delay = backoff.delay(retry, Optional.of(retryAfter), new Random(seed));

        assertThat(delay).isEqualTo(retryAfter.compareTo(jitter) > 0 ? retryAfter : jitter);
    }

    @Property
    void theJitterReachesBothEndsOfItsRange(@ForAll @LongRange(min = 1, max = 20) long baseMillis,
                                            @ForAll @IntRange(min = 1, max = 3) int retry, @ForAll long seed) {
        Backoff backoff = new Backoff(Duration.ofMillis(baseMillis), Duration.ofSeconds(10));
        long ceiling = baseMillis << (retry - 1);
        Random random = new Random(seed);
        Set<Long> seen = new HashSet<>();
        // Full jitter is uniform on [0, ceiling]: 40 × (ceiling + 1) draws miss an end with probability below e^-40.
        for (int i = 0; i < 40 * (int) (ceiling + 1); i++) {
            seen.add(backoff.delay(retry, Optional.empty(), random).toMillis());
        }
        assertThat(seen).contains(0L, ceiling);
        assertThat(seen).allSatisfy(millis -> assertThat(millis).isBetween(0L, ceiling));
    }

    @Property
    void aZeroBaseNeverWaitsUnlessAskedTo(@ForAll @IntRange(min = 1, max = 100) int retry,
                                          @ForAll @LongRange(max = 10_000) long capMillis, @ForAll long seed) {
        Backoff backoff = new Backoff(Duration.ZERO, Duration.ofMillis(capMillis));
        assertThat(backoff.delay(retry, Optional.empty(), new Random(seed))).isZero();
    }

    /**
     * Over any timeline of requests and retries, a retry is granted exactly when the retries already granted in the
     * last ten seconds are fewer than the reserve plus the ratio of the requests in those seconds.
     */
    @Property
    void theBudgetGrantsExactlyWhatTheSlidingWindowAllows(@ForAll @DoubleRange(max = 1.5) double ratio,
                                                          @ForAll @Size(max = 300) List<@IntRange(max = 2_500) Integer> gaps,
                                                          @ForAll long seed) {
        RetryBudget budget = new RetryBudget(ratio);
        Random random = new Random(seed);
        List<Long> requests = new ArrayList<>();
        List<Long> granted = new ArrayList<>();
        Instant now = NOW;
        for (int gap : gaps) {
            now = now.plusMillis(gap);
            long second = now.getEpochSecond();
            if (random.nextBoolean()) {
                budget.request(now);
                requests.add(second);
                continue;
            }
            Predicate<Long> inWindow = s -> second - s < RetryBudget.SECONDS;
            long recentRequests = requests.stream().filter(inWindow).count();
            long recentRetries = granted.stream().filter(inWindow).count();
            boolean allowed = recentRetries < RetryBudget.RESERVE + (long) Math.floor(ratio * recentRequests);

            assertThat(budget.tryRetry(now)).as("at %s with %d requests and %d retries in the window", now,
                    recentRequests, recentRetries).isEqualTo(allowed);
            if (allowed) {
                granted.add(second);
            }
        }
    }

    @Property(tries = 500)
    void choiceFollowsTiersAndNeverTakesAnUnusableKey(@ForAll @IntRange(min = 1, max = 5) int channelCount,
                                                      @ForAll long seed) {
        Random random = new Random(seed);
        List<ProviderConfig> providers = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            providers.add(ChooseTest.provider("p" + p, 1 + random.nextInt(3)));
        }
        List<Channel> channels = new ArrayList<>();
        for (int c = 0; c < channelCount; c++) {
            // Two channels may share a provider (two upstream models), and so its keys.
            channels.add(new Channel(providers.get(random.nextInt(providers.size())), "m" + c, 1 + random.nextInt(3),
                    random.nextInt(3)));
        }
        Route route = new Route("m", channels);
        KeyRotation keys = new KeyRotation();
        Map<KeySlot, KeyState> states = new HashMap<>();
        Set<KeySlot> tried = new HashSet<>();
        for (ProviderConfig provider : providers) {
            for (int k = 0; k < provider.keys().size(); k++) {
                KeySlot slot = new KeySlot(provider, k);
                KeyState state = KeyState.values()[random.nextInt(KeyState.values().length)];
                states.put(slot, state);
                switch (state) {
                    case USABLE -> { }
                    case COOLING -> keys.coolDown(slot, NOW.plusMillis(1 + random.nextInt(60_000)));
                    case COOLED_UNTIL_NOW -> keys.coolDown(slot, NOW.minusMillis(random.nextInt(60_000)));
                    case DEAD -> keys.kill(slot);
                }
                if (random.nextInt(3) == 0) {
                    tried.add(slot);
                }
            }
        }
        Predicate<KeySlot> usable = slot -> states.get(slot) == KeyState.USABLE
                || states.get(slot) == KeyState.COOLED_UNTIL_NOW;
        Predicate<KeySlot> fresh = usable.and(slot -> !tried.contains(slot));
        String context = "states " + states + ", tried " + tried + ", route " + channels;

        Optional<Choice> choice = Router.choose(route, new ChannelBoard(HealthSettings.DEFAULTS), keys, NOW, 0L, tried, random);

        OptionalInt freshTier = bestTier(route, fresh);
        OptionalInt anyTier = bestTier(route, usable);
        if (anyTier.isEmpty()) {
            assertThat(choice).as(context).isEmpty();
            return;
        }
        assertThat(choice).as(context).isPresent();
        KeySlot key = choice.get().key();
        assertThat(usable).as(context).accepts(key);
        assertThat(route.channels()).as(context).contains(choice.get().channel());
        if (freshTier.isPresent()) {
            assertThat(tried).as("a key this request has not tried: " + context).doesNotContain(key);
            assertThat(choice.get().channel().priority()).as(context).isEqualTo(freshTier.getAsInt());
        } else {
            assertThat(choice.get().channel().priority()).as(context).isEqualTo(anyTier.getAsInt());
        }
    }

    @Property
    void keysTakeTurnsWhileAllAreUsable(@ForAll @IntRange(min = 1, max = 6) int keyCount,
                                        @ForAll @IntRange(max = 20) int warmUp) {
        ProviderConfig provider = ChooseTest.provider("turns", keyCount);
        KeyRotation keys = new KeyRotation();
        for (int i = 0; i < warmUp; i++) {
            keys.next(provider, NOW, Set.of());
        }
        Set<KeySlot> round = new HashSet<>();
        for (int i = 0; i < keyCount; i++) {
            round.add(keys.next(provider, NOW, Set.of()).orElseThrow());
        }
        assertThat(round).hasSize(keyCount);
    }

    /** The lowest priority number among channels whose provider has a key that passes {@code ok}. */
    private static OptionalInt bestTier(Route route, Predicate<KeySlot> ok) {
        return route.channels().stream()
                .filter(c -> IntStream.range(0, c.provider().keys().size())
                        .anyMatch(k -> ok.test(new KeySlot(c.provider(), k))))
                .mapToInt(Channel::priority).min();
    }
}
