package dev.parley.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.config.ProviderConfig;
import dev.parley.core.config.ProviderType;
import dev.parley.core.config.Secret;
import dev.parley.core.health.Admission;
import dev.parley.core.health.BreakerConfig;
import dev.parley.core.health.CircuitBreaker;
import dev.parley.core.health.CircuitState;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a replica tells others of its keys and circuits, and what it does with what it is told. */
class SharedKeyHealthTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final long SECOND = 1_000_000_000L;

    private static ProviderConfig provider(String... keys) {
        return new ProviderConfig("p", ProviderType.OPENAI, URI.create("https://api.example/v1"),
                java.util.Arrays.stream(keys).map(Secret::new).toList(), Map.of());
    }

    private static final class Heard implements KeyRotation.Listener {
        final List<String> events = new ArrayList<>();

        @Override
        public void cooled(KeySlot slot, Instant until) {
            events.add("cooled " + slot + " " + until);
        }

        @Override
        public void retired(KeySlot slot) {
            events.add("retired " + slot);
        }
    }

    @Test
    void ownCoolDownsAndRefusalsAreToldOnceLearnedOnesNever() {
        KeyRotation keys = new KeyRotation();
        Heard heard = new Heard();
        keys.listen(heard);
        KeySlot slot = new KeySlot(provider("sk-one-0123456789abcdef"), 0);

        keys.coolDown(slot, NOW.plusSeconds(30));
        keys.coolDown(slot, NOW.plusSeconds(10)); // sooner than the one in force: nothing new to tell
        keys.kill(slot);
        keys.kill(slot);
        assertThat(heard.events).containsExactly("cooled p#key1 " + NOW.plusSeconds(30), "retired p#key1");

        KeyRotation other = new KeyRotation();
        Heard otherHeard = new Heard();
        other.listen(otherHeard);
        assertThat(other.learnCoolDown(slot, NOW.plusSeconds(30))).isTrue();
        assertThat(other.usable(slot, NOW.plusSeconds(29))).isFalse();
        assertThat(other.usable(slot, NOW.plusSeconds(30))).isTrue();
        assertThat(other.learnRetired(slot)).isTrue();
        assertThat(other.hasUsable(slot.provider(), NOW.plusSeconds(60), Set.of())).isFalse();
        assertThat(otherHeard.events).isEmpty();
    }

    @Test
    void aFingerprintNamesTheKeyWithoutShowingIt() {
        String secret = "sk-secret-value-0123456789";
        KeySlot slot = new KeySlot(provider("sk-other-0000000000000", secret), 1);
        String fingerprint = KeyRotation.fingerprint(slot);
        assertThat(fingerprint).matches("[0-9a-f]{16}").isEqualTo(KeyRotation.fingerprint(
                new KeySlot(provider("sk-x-000000000000000000", secret), 1)));
        assertThat(secret).doesNotContain(fingerprint);
        assertThat(KeyRotation.fingerprint(new KeySlot(provider("sk-else-0000000000000"), 0))).isNotEqualTo(fingerprint);
        ProviderConfig local = new ProviderConfig("local", ProviderType.OPENAI_COMPATIBLE,
                URI.create("http://127.0.0.1:8000/v1"), List.of(), Map.of());
        assertThat(KeyRotation.fingerprint(new KeySlot(local, 0))).isEqualTo("none");
    }

    @Test
    void aCircuitTellsItsOwnOpeningAndLearnsAnother() {
        BreakerConfig config = new BreakerConfig(1, 0.5, 10, Duration.ofSeconds(60), Duration.ofSeconds(1),
                Duration.ofSeconds(8), Duration.ofSeconds(30), Duration.ofSeconds(20));
        List<CircuitState.Open> opened = new ArrayList<>();
        CircuitBreaker own = new CircuitBreaker(config, 0, opened::add);
        own.onFailure(own.tryAdmit(0).orElseThrow(), 0);
        assertThat(opened).containsExactly(new CircuitState.Open(SECOND, 1));

        CircuitBreaker other = new CircuitBreaker(config, 0, opened::add);
        other.learnOpen(5 * SECOND, 0);
        assertThat(other.state()).isEqualTo(new CircuitState.Open(5 * SECOND, 1));
        assertThat(other.tryAdmit(4 * SECOND)).isEmpty();
        other.learnOpen(2 * SECOND, 0); // an earlier end changes nothing
        assertThat(other.tryAdmit(5 * SECOND)).contains(Admission.PROBE);
        other.learnOpen(9 * SECOND, 5 * SECOND); // its probe is out: left to it
        assertThat(other.state()).isInstanceOf(CircuitState.HalfOpen.class);
        assertThat(opened).hasSize(1);
    }
}
